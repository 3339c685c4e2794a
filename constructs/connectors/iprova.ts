import type { Connector } from "./types";

/** iProva (seed 002): users and groups, fixed tenant URL, permanent token from iProva's Application Management. */
export function iprova(): Connector {
  return {
    key: "iprova",
    galleryName: "iProva",
    // Written as in the seed; hosts are case-insensitive.
    tenantUrl: { kind: "fixed", url: "https://identitymanagement.services.iProva.nl/scim" },
    objects: ["users", "groups"],
    limitations: [
      "iProva's provider can have an IP-based access restriction: allow Microsoft Entra's provisioning IP ranges (service tag AzureActiveDirectory), or Test Connection from Entra fails while a probe from CI may pass.",
      "The permanent token is shown once when it is created in iProva; store it in the CI secret at once.",
      "Users assigned with the Default Access role are excluded from provisioning: assign a real application role.",
    ],
    problems: [],
  };
}
