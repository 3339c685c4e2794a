/**
 * Which connector an imported app is: the four gallery apps with a connector are recognized by their
 * application template's gallery name (the name the connectors look their template up by), a
 * non-gallery app by Entra's non-gallery template id; anything else is genericScim pinned to its
 * template id. Also the options a connector needs that Graph cannot give without reading secrets
 * (SmartFile's site from the tenant URL, iPass's registered domains).
 */
import { Connectors, NON_GALLERY_TEMPLATE_ID, type Connector } from "../../constructs/connectors";
import type { ScopeClause } from "../../constructs/schema/types";
import type { JobSchemaDocument } from "./graph-shapes";
import { quote } from "./text";

export type ConnectorChoice =
  | { readonly key: "iprova" }
  | { readonly key: "airstack" }
  | { readonly key: "smartFile"; readonly siteName: string }
  | { readonly key: "ipassSmartConnect"; readonly registeredDomains: readonly string[] }
  | {
      readonly key: "genericScim";
      readonly galleryName?: string;
      readonly templateId?: string;
      readonly objects: readonly ("users" | "groups")[];
      readonly extraTargets?: readonly string[];
    };

export const CONNECTOR_KEYS = ["ipassSmartConnect", "iprova", "airstack", "smartFile", "genericScim"] as const;
export type ConnectorKey = (typeof CONNECTOR_KEYS)[number];

/** An import that cannot go on (a missing option, an app this cannot represent): one line. */
export class ImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ImportError";
  }
}

/** The gallery apps with a connector, by their gallery name (lower case), as the connectors spell it. */
const GALLERY_CONNECTORS: ReadonlyMap<string, ConnectorKey> = new Map([
  [Connectors.iprova().galleryName.toLowerCase(), "iprova"],
  [Connectors.airstack().galleryName.toLowerCase(), "airstack"],
  [Connectors.smartFile({ siteName: "x" }).galleryName.toLowerCase(), "smartFile"],
  [Connectors.ipassSmartConnect({ registeredDomains: ["x.com"] }).galleryName.toLowerCase(), "ipassSmartConnect"],
]);

export interface ConnectorFacts {
  /** The connector asked for on the command line (offline mode), or undefined to recognize it. */
  readonly key?: ConnectorKey;
  readonly applicationTemplateId?: string;
  /** The application template's display name (its gallery name). */
  readonly templateName?: string;
  readonly tenantUrl?: string;
  readonly registeredDomains?: readonly string[];
  readonly job: JobSchemaDocument;
  readonly templateHasGroups: boolean;
  /** Targets the app's own mappings use beyond core SCIM (genericScim's extraTargets). */
  readonly extraTargets?: readonly string[];
}

/** A gallery connector when the template's gallery name is one of theirs, else genericScim. */
export function recognizeKey(templateName: string | undefined): ConnectorKey {
  return (templateName !== undefined && GALLERY_CONNECTORS.get(templateName.toLowerCase())) || "genericScim";
}

export function chooseConnector(facts: ConnectorFacts): ConnectorChoice {
  const key = facts.key ?? recognizeKey(facts.templateName);
  switch (key) {
    case "iprova":
      return { key };
    case "airstack":
      return { key };
    case "smartFile": {
      const site = facts.tenantUrl && /^https:\/\/([a-z0-9-]{1,63})\.smartfile\.com\/ftp\/scim\/?$/i.exec(facts.tenantUrl)?.[1];
      if (!site) {
        throw new ImportError(
          "SmartFile needs its site name, which Entra keeps in the job's secrets (never read by import); pass --tenant-url https://<site>.smartfile.com/ftp/scim",
        );
      }
      return { key, siteName: site.toLowerCase() };
    }
    case "ipassSmartConnect": {
      const domains = facts.registeredDomains ?? domainsFromSchema(facts.job);
      if (!domains) {
        throw new ImportError(
          "iPass SmartConnect needs its registered domains (iPass admin console), which Graph does not hold; pass --registered-domains contoso.com[,fabrikam.com] (they become a user scoping clause on deploy)",
        );
      }
      return { key, registeredDomains: domains };
    }
    case "genericScim": {
      const objects: ("users" | "groups")[] = facts.templateHasGroups ? ["users", "groups"] : ["users"];
      const extra = facts.extraTargets && facts.extraTargets.length > 0 ? { extraTargets: [...facts.extraTargets] } : {};
      const id = facts.applicationTemplateId;
      if (id === undefined || id.toLowerCase() === NON_GALLERY_TEMPLATE_ID) return { key, objects, ...extra };
      return { key, galleryName: facts.templateName ?? "Gallery app", templateId: id, objects, ...extra };
    }
  }
}

export function connectorOf(choice: ConnectorChoice): Connector {
  switch (choice.key) {
    case "iprova":
      return Connectors.iprova();
    case "airstack":
      return Connectors.airstack();
    case "smartFile":
      return Connectors.smartFile({ siteName: choice.siteName });
    case "ipassSmartConnect":
      return Connectors.ipassSmartConnect({ registeredDomains: choice.registeredDomains });
    case "genericScim":
      return Connectors.genericScim({
        ...(choice.galleryName !== undefined ? { galleryName: choice.galleryName } : {}),
        ...(choice.templateId !== undefined ? { templateId: choice.templateId } : {}),
        objects: choice.objects,
        ...(choice.extraTargets !== undefined ? { extraTargets: choice.extraTargets } : {}),
      });
  }
}

/**
 * The registered domains of an iPass app this project deployed before: its user filters carry the
 * clause the connector makes from them. Decoded only when the connector makes exactly that clause back.
 */
function domainsFromSchema(job: JobSchemaDocument): string[] | undefined {
  const clauses = job.rules
    .flatMap((r) => r.objectMappings ?? [])
    .filter((om) => om.sourceObjectName === "User")
    .flatMap((om) => om.scope?.groups ?? [])
    .flatMap((g) => g.clauses ?? []);
  for (const c of clauses) {
    const value = c.targetOperand?.values?.[0];
    if (c.sourceOperandName !== "userPrincipalName" || c.operatorName !== "REGEX MATCH" || !value) continue;
    const m = /^\.\*@\((.*)\)\$$/.exec(value);
    if (!m) continue;
    const domains = m[1].split("|").map((d) => d.replace(/\[([a-z])([A-Z])\]/g, "$1").replace(/\\\./g, "."));
    const back = requiredClauses(domains);
    if (back.length === 1 && back[0].values?.[0] === value) return domains;
  }
  return undefined;
}

/** The user clauses a connector adds to every filter (iPass). */
export function requiredClauses(domains: readonly string[]): ScopeClause[] {
  const c = Connectors.ipassSmartConnect({ registeredDomains: domains });
  if (c.problems.length > 0) throw new ImportError(`--registered-domains: ${c.problems.map((p) => p.message).join("; ")}`);
  return (c.requiredUserClauses ?? []).map((r) => ({ attribute: r.attribute, operator: r.operator, values: [...r.values] }));
}

export function describeChoice(choice: ConnectorChoice): string {
  return choice.key === "genericScim" && choice.galleryName ? `genericScim (${quote(choice.galleryName)})` : choice.key;
}
