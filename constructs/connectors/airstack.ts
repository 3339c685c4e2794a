import type { Connector } from "./types";

/** Airstack (seed 003): users only, fixed tenant URL, "Secret Token for Azure" generated in Airstack's Azure Config. */
export function airstack(): Connector {
  return {
    key: "airstack",
    galleryName: "Airstack",
    tenantUrl: { kind: "fixed", url: "https://api-as.lenovosoftware.com/0/as/common/scim" },
    objects: ["users"],
    limitations: [
      "Generate the token with Generate under Settings > Azure Config in the Airstack admin console (\"Secret Token for Azure\").",
      "Users assigned with the Default Access role are excluded from provisioning: assign a real application role.",
    ],
    problems: [],
  };
}
