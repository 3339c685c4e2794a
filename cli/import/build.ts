/**
 * From what was read (through Graph or from files) to the app the generated file declares: the
 * connector, the schema diff checked against the constructs' own guardrails, and a final
 * construction of the very props the file will contain, so a file that would not synthesize is
 * never written.
 */
import { App } from "cdktf";
import type { AdoptIds } from "../../constructs/adopt";
import type { Assignment } from "../../constructs/assignments";
import { Connectors, EntraTenantStack, ScimProvisionedApp, ValidationError, type ScimProvisionedAppProps } from "../../constructs";
import { checkDeclarations } from "./declarations";
import { chooseConnector, connectorOf, ImportError, requiredClauses, type ConnectorKey } from "./connector";
import { appIdFrom, type ImportedApp } from "./codegen";
import type { JobSchemaDocument } from "./graph-shapes";
import { isKnownTarget } from "../../constructs/schema";
import { diffSchemas } from "./schema-diff";
import { tokenTextProblems } from "../../constructs/token-text";
import { oneLine } from "./text";
import type { UnreadSetting } from "./unread";

export interface ImportInput {
  readonly tenantId: string;
  /** @default "imported" */
  readonly stackId?: string;
  readonly displayName: string;
  readonly connectorKey?: ConnectorKey;
  readonly applicationTemplateId?: string;
  readonly templateName?: string;
  readonly tenantUrl?: string;
  readonly registeredDomains?: readonly string[];
  readonly template: JobSchemaDocument;
  readonly job: JobSchemaDocument;
  readonly provisioning?: "on" | "off";
  readonly assignments?: ReadonlyArray<Assignment & { readonly note?: string }>;
  readonly adopt?: AdoptIds;
  /** What reading the app already found it cannot express. */
  readonly notes?: readonly string[];
  /** Settings it could not read, which the generated file declares explicitly (a deploy writes them). */
  readonly unread?: readonly UnreadSetting[];
  readonly source: string;
}

export function buildImport(input: ImportInput): ImportedApp {
  const templateHasGroups = input.template.rules.flatMap((r) => r.objectMappings ?? []).some((om) => om.sourceObjectName === "Group");
  const choice = chooseConnector({
    key: input.connectorKey,
    applicationTemplateId: input.applicationTemplateId,
    templateName: input.templateName,
    tenantUrl: input.tenantUrl,
    registeredDomains: input.registeredDomains,
    job: input.job,
    templateHasGroups,
    extraTargets: appTargets(input),
  });
  const connector = connectorOf(choice);
  if (connector.problems.length > 0) throw new ImportError(connector.problems.map((p) => `${p.field}: ${p.message}`).join("; "));
  let tenantUrl: string | undefined;
  if (connector.tenantUrl.kind === "fromApp" || (connector.tenantUrl.kind === "default" && input.tenantUrl !== undefined)) {
    if (input.tenantUrl === undefined) {
      throw new ImportError(
        `${connector.galleryName} needs its tenant URL, which Entra keeps in the job's secrets (never read by import); pass --tenant-url https://... (portal: Provisioning > Admin Credentials > Tenant URL)`,
      );
    }
    tenantUrl = input.tenantUrl;
  }
  const required = choice.key === "ipassSmartConnect" ? requiredClauses(choice.registeredDomains) : [];
  const diff = diffSchemas(input.template, input.job, { requiredUserClauses: required });
  const checked = checkDeclarations(connector, diff.declarations);
  const app: ImportedApp = {
    tenantId: input.tenantId,
    stackId: input.stackId ?? "imported",
    appId: appIdFrom(input.displayName),
    displayName: input.displayName,
    connector: choice,
    ...(tenantUrl !== undefined ? { tenantUrl } : {}),
    ...(input.provisioning !== undefined ? { provisioning: input.provisioning } : {}),
    assignments: input.assignments ?? [],
    declarations: checked.declarations,
    ...(input.adopt ? { adopt: input.adopt } : {}),
    notImported: [...(input.notes ?? []), ...diff.notExpressible, ...checked.rejected],
    unread: input.unread ?? [],
    source: input.source,
  };
  checkSynthesizes(app);
  return app;
}

/**
 * Targets the app's own schemas map to that core SCIM does not name: they are attributes of the
 * app (its template or job maps them), so a genericScim connector lists them as extraTargets.
 */
function appTargets(input: ImportInput): string[] {
  const targets = new Set<string>();
  for (const doc of [input.template, input.job]) {
    for (const om of doc.rules.flatMap((r) => r.objectMappings ?? [])) {
      const kind = om.sourceObjectName === "Group" ? "groups" : om.sourceObjectName === "User" ? "users" : undefined;
      if (!kind) continue;
      for (const m of om.attributeMappings ?? []) if (!isKnownTarget(kind, m.targetAttributeName, [])) targets.add(m.targetAttributeName);
    }
  }
  // A name genericScim refuses as an extra target is left to the declaration checks to report.
  return [...targets].filter((t) => Connectors.genericScim({ objects: ["users"], extraTargets: [t] }).problems.length === 0).sort();
}

/** The props the generated file passes (codegen writes exactly these, as TypeScript). */
export function propsOf(app: ImportedApp): ScimProvisionedAppProps {
  const d = app.declarations;
  return {
    connector: connectorOf(app.connector),
    displayName: app.displayName,
    ...(app.tenantUrl !== undefined ? { tenantUrl: app.tenantUrl } : {}),
    ...(app.provisioning !== undefined ? { provisioning: app.provisioning } : {}),
    // What a deploy writes for the settings the import could not read, as the file declares them.
    ...Object.fromEntries(app.unread.filter((s) => s.value !== undefined).map((s) => [s.prop, s.value])),
    ...(app.assignments.length > 0 ? { assignments: app.assignments.map(({ note: _n, ...a }) => a) } : {}),
    ...(d.userMappings.length > 0 ? { userMappings: d.userMappings } : {}),
    ...(d.userScope.length > 0 ? { userScope: d.userScope } : {}),
    ...(d.provisionGroups === false ? { provisionGroups: false } : {}),
    ...(d.groupMappings.length > 0 ? { groupMappings: d.groupMappings } : {}),
    ...(d.groupScope.length > 0 ? { groupScope: d.groupScope } : {}),
    ...(targetAttributesOf(d) ? { targetAttributes: targetAttributesOf(d) } : {}),
    ...(app.adopt ? { adopt: app.adopt } : {}),
  };
}

/** The targetAttributes prop of the declarations, or undefined when none are declared. */
export function targetAttributesOf(d: ImportedApp["declarations"]): ScimProvisionedAppProps["targetAttributes"] {
  const { users, groups } = d.targetAttributes;
  if (users.length + groups.length === 0) return undefined;
  return { ...(users.length > 0 ? { users } : {}), ...(groups.length > 0 ? { groups } : {}) };
}

/** Constructs the app as the generated file will; its guardrails' messages become the import's error. */
function checkSynthesizes(app: ImportedApp): void {
  // Graph data is the tenant's (and a hostile schema file's): text that cdktf reads as a token would
  // become a Terraform reference in the generated code (constructs/token-text.ts).
  const tokenText = tokenTextProblems(propsOf(app), ["connector.problems"]);
  if (tokenText.length > 0) {
    throw new ImportError(
      `Graph data holds cdktf token text (\${TfToken[...]}), which cdktf would turn into a Terraform reference: ${tokenText.map((p) => p.field).join(", ")}; change the value in the portal (or its schema) and import again`,
    );
  }
  try {
    const stack = new EntraTenantStack(new App({ skipValidation: true }), app.stackId, { tenantId: app.tenantId });
    new ScimProvisionedApp(stack, app.appId, propsOf(app));
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    throw new ImportError(`the app as read would not synthesize: ${err.message.split("\n").map(oneLine).join("; ")}`);
  }
}
