/**
 * Microsoft's provisioning tutorial of each gallery connector: the page a connector's rules and
 * limitations come from, named (and linked) wherever a user reads one of them.
 *
 * The URLs are the Microsoft Learn paths of the tutorials in MicrosoftDocs/entra-docs
 * (docs/identity/saas-apps/<name>.md). iProva's tutorial is published today as Zenya's (the same
 * steps: permanent token, IP-based access restriction, webshare.iprova.nl guide); the gallery app
 * keeps the name iProva in this project because that is the gallery name its template carries.
 */
export interface Tutorial {
  /** How the text names it: `Microsoft's SmartFile provisioning tutorial`. */
  readonly name: string;
  readonly url: string;
}

const tutorial = (app: string, page: string): Tutorial => ({
  name: `Microsoft's ${app} provisioning tutorial`,
  url: `https://learn.microsoft.com/entra/identity/saas-apps/${page}`,
});

export const TUTORIALS = {
  ipassSmartConnect: tutorial("iPass SmartConnect", "ipass-smartconnect-provisioning-tutorial"),
  iprova: tutorial("iProva (now Zenya)", "zenya-provisioning-tutorial"),
  airstack: tutorial("Airstack", "airstack-provisioning-tutorial"),
  smartFile: tutorial("SmartFile", "smartfile-provisioning-tutorial"),
} as const satisfies Record<string, Tutorial>;

/** `(Microsoft's SmartFile provisioning tutorial, https://...)`: where a rule comes from. */
export function cited(t: Tutorial): string {
  return `(${t.name}, ${t.url})`;
}

/** Microsoft's page on what Entra sends when a user is disabled or unassigned. */
export const HOW_PROVISIONING_WORKS_DEPROVISIONING = "https://learn.microsoft.com/entra/identity/app-provisioning/how-provisioning-works#deprovisioning";

/** The rule every gallery tutorial states, as a limitation sentence. */
export const DEFAULT_ACCESS_EXCLUDED =
  "Users assigned with the Default Access role are excluded from provisioning (the app's Microsoft provisioning tutorial): assign a real application role.";
