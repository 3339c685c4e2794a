import type { Connector } from "./types";
import { cited, DEFAULT_ACCESS_EXCLUDED, TUTORIALS } from "./tutorials";

/** iProva (Microsoft's iProva provisioning tutorial, now published as Zenya's): users and groups, fixed tenant URL, permanent token from iProva's Application Management. */
export function iprova(): Connector {
  return {
    key: "iprova",
    galleryName: "iProva",
    // Written as in the tutorial; hosts are case-insensitive.
    tenantUrl: { kind: "fixed", url: "https://identitymanagement.services.iProva.nl/scim" },
    objects: ["users", "groups"],
    limitations: [
      `iProva's provider can have an IP-based access restriction ${cited(TUTORIALS.iprova)}: allow Microsoft Entra's provisioning IP ranges (service tag AzureActiveDirectory), or Test Connection from Entra fails while a probe from CI may pass.`,
      "The permanent token is shown once when it is created in iProva; store it in the CI secret at once.",
      DEFAULT_ACCESS_EXCLUDED,
    ],
    problems: [],
  };
}
