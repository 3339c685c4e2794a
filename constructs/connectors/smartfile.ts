import type { Connector } from "./types";
import { dnsLabelProblem } from "./rules";

export interface SmartFileOptions {
  /** Your SmartFile site name: the tenant URL is `https://<siteName>.smartfile.com/ftp/scim`. */
  readonly siteName: string;
}

/** SmartFile (seed 004): users and groups, per-site tenant URL, token `ProductKey:ProductPassword`, hard deletes only. */
export function smartFile(options: SmartFileOptions): Connector {
  const siteName = (options as Partial<SmartFileOptions> | undefined)?.siteName;
  const problem = dnsLabelProblem("connector.siteName", siteName);
  return {
    key: "smartFile",
    galleryName: "SmartFile",
    tenantUrl: {
      kind: "fixed",
      url: problem ? "https://invalid.smartfile.com/ftp/scim" : `https://${(siteName as string).toLowerCase()}.smartfile.com/ftp/scim`,
    },
    tokenFormat: {
      // Seed 004: "copy the Product Key and Product Password ... with a colon in between them".
      pattern: "^[^:\\s]+:[^:\\s]+$",
      description: "ProductKey:ProductPassword (the SmartFile Product Key and Product Password joined by one colon)",
    },
    objects: ["users", "groups"],
    removedUserDefaults: [
      {
        target: "active",
        // UNCONFIRMED (graph-sync.md section 7): without an `active` mapping Entra cannot soft-delete
        // (PATCH active=false) and sends DELETE for the disable events instead.
        reason: "SmartFile only supports hard deletes, so Entra must not soft-delete with active=false",
      },
    ],
    limitations: [
      "SmartFile only supports hard deletes: users who are unassigned, fall out of scope or are disabled in Entra are deleted in SmartFile, not deactivated (the active mapping is removed by default).",
      "The secret token is ProductKey:ProductPassword from the SmartFile admin console (Product Key).",
      "Users assigned with the Default Access role are excluded from provisioning: assign a real application role.",
    ],
    problems: problem ? [problem] : [],
  };
}
