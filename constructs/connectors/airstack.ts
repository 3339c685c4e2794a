import type { Connector } from "./types";
import { cited, DEFAULT_ACCESS_EXCLUDED, TUTORIALS } from "./tutorials";

/** Airstack (Microsoft's Airstack provisioning tutorial): users only, fixed tenant URL, "Secret Token for Azure" generated in Airstack's Azure Config. */
export function airstack(): Connector {
  return {
    key: "airstack",
    galleryName: "Airstack",
    tenantUrl: { kind: "fixed", url: "https://api-as.lenovosoftware.com/0/as/common/scim" },
    objects: ["users"],
    limitations: [
      `Generate the token with Generate under Settings > Azure Config in the Airstack admin console ("Secret Token for Azure") ${cited(TUTORIALS.airstack)}.`,
      DEFAULT_ACCESS_EXCLUDED,
    ],
    problems: [],
  };
}
