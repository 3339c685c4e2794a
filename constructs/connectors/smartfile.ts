import type { Connector } from "./types";
import { dnsLabelProblem } from "./rules";
import { cited, DEFAULT_ACCESS_EXCLUDED, HOW_PROVISIONING_WORKS_DEPROVISIONING, TUTORIALS } from "./tutorials";

export interface SmartFileOptions {
  /** Your SmartFile site name: the tenant URL is `https://<siteName>.smartfile.com/ftp/scim`. */
  readonly siteName: string;
}

/**
 * SmartFile's token (Microsoft's SmartFile tutorial: "copy the Product Key and Product Password
 * ... with a colon in between them"). Exported for verify, which checks the same shape before it sends a token.
 */
export const SMARTFILE_TOKEN_FORMAT = {
  pattern: "^[^:\\s]+:[^:\\s]+$",
  description: "ProductKey:ProductPassword (the SmartFile Product Key and Product Password joined by one colon)",
} as const;

/** SmartFile (Microsoft's SmartFile provisioning tutorial): users and groups, per-site tenant URL, token `ProductKey:ProductPassword`, hard deletes only. */
export function smartFile(options: SmartFileOptions): Connector {
  const siteName = (options as Partial<SmartFileOptions> | undefined)?.siteName;
  const problem = dnsLabelProblem("connector.siteName", siteName, "your SmartFile site name, the <siteName> of https://<siteName>.smartfile.com");
  return {
    key: "smartFile",
    galleryName: "SmartFile",
    tenantUrl: {
      kind: "fixed",
      url: problem ? "https://invalid.smartfile.com/ftp/scim" : `https://${(siteName as string).toLowerCase()}.smartfile.com/ftp/scim`,
    },
    tokenFormat: SMARTFILE_TOKEN_FORMAT,
    objects: ["users", "groups"],
    limitations: [
      // The tutorial states the limitation; "How provisioning works" (Deprovisioning) says what Entra does
      // about it: it sends active=false for disable/unassign and "if the app doesn't support soft
      // delete, DELETE is sent for those events", which is the app template's behaviour. Removing the
      // `active` mapping would not buy hard deletes; it would leave disabled users active in SmartFile.
      `SmartFile only supports hard deletes ${cited(TUTORIALS.smartFile)}. Entra sends DELETE instead of active=false for disable and unassign events when the app's template says the app does not support soft delete (${HOW_PROVISIONING_WORKS_DEPROVISIONING}); nothing here changes the active mapping, so check in SmartFile that a disabled test user is deleted.`,
      "The secret token is ProductKey:ProductPassword from the SmartFile admin console (Product Key).",
      DEFAULT_ACCESS_EXCLUDED,
    ],
    problems: problem ? [problem] : [],
  };
}
