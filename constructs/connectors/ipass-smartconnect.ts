import type { Connector } from "./types";
import { caseInsensitive, domainProblems, escapeRegex } from "./rules";
import { cited, DEFAULT_ACCESS_EXCLUDED, TUTORIALS } from "./tutorials";

export interface IpassSmartConnectOptions {
  /**
   * Domains registered in the iPass SmartConnect admin console. iPass only accepts usernames in
   * these domains (Microsoft's iPass SmartConnect tutorial, "Connector limitations"), so they become a user scoping filter: users
   * outside them are never sent.
   */
  readonly registeredDomains: readonly string[];
}

/**
 * iPass SmartConnect (Microsoft's iPass SmartConnect provisioning tutorial): users only, bearer
 * token from iPass. Today's tutorial says "enter your iPass SmartConnect Tenant URL"; its 2019
 * version documents https://openmobile.ipass.com/moservices/scim/v1, which is the default: an
 * app's own https `tenantUrl` replaces it.
 */
export function ipassSmartConnect(options: IpassSmartConnectOptions): Connector {
  const domains = (options as Partial<IpassSmartConnectOptions> | undefined)?.registeredDomains;
  const problems = domainProblems("connector.registeredDomains", domains);
  const valid = problems.length === 0 ? (domains as readonly string[]) : [];
  return {
    key: "ipassSmartConnect",
    galleryName: "iPass SmartConnect",
    tenantUrl: { kind: "default", url: "https://openmobile.ipass.com/moservices/scim/v1" },
    userDomains: valid,
    objects: ["users"],
    requiredUserClauses:
      valid.length > 0
        ? [
            {
              attribute: "userPrincipalName",
              operator: "REGEX MATCH",
              // REGEX MATCH is case-sensitive (graph-sync.md section 2) and UPNs keep the case they were
              // typed in (Alice@Contoso.com), so each letter is a two-case class: no inline flag such
              // as (?i) is needed, whose support in Entra's regex engine is UNCONFIRMED.
              values: [`.*@(${valid.map((d) => caseInsensitive(escapeRegex(d.toLowerCase()))).join("|")})$`],
              reason: `iPass SmartConnect only accepts usernames in its registered domains (${valid.join(", ")})`,
            },
          ]
        : [],
    limitations: [
      `iPass SmartConnect only accepts usernames that have their domains registered in the iPass SmartConnect admin console ${cited(TUTORIALS.ipassSmartConnect)}; users outside registeredDomains are filtered out of scope.`,
      DEFAULT_ACCESS_EXCLUDED,
      "The bearer token is only shown when iPass SmartConnect is first set up; ask iPass support for a new one if it is lost.",
    ],
    problems,
  };
}
