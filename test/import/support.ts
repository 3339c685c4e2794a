/** Shared by the import tests: fixtures, an offline import, and the comparison that ignores what Graph owns. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ScimProvisionedApp } from "../../constructs";
import { buildImport, propsOf } from "../../cli/import/build";
import type { ImportedApp } from "../../cli/import/codegen";
import type { ConnectorKey } from "../../cli/import/connector";
import { printSource } from "../../cli/import/expression-printer";
import { parseSchemaValue } from "../../cli/import/schema-files";
import { canonicalJson } from "../../cli/import/text";
import { newStack, synth } from "../helpers";

const FIXTURES = join(__dirname, "..", "fixtures");
export const schemaFixture = (name: string): any[] => JSON.parse(readFileSync(join(FIXTURES, "schemas", `${name}.json`), "utf8"));
export const jobFixture = (name: string): any[] => JSON.parse(readFileSync(join(FIXTURES, "import", `${name}.job.json`), "utf8"));

export interface OfflineImport {
  readonly displayName?: string;
  readonly connectorKey?: ConnectorKey;
  readonly tenantUrl?: string;
}

/** The import of `job` over `template` (offline mode's path, without the file system). */
export function importOffline(template: unknown, job: unknown, options: OfflineImport = {}): ImportedApp {
  return buildImport({
    tenantId: "contoso.onmicrosoft.com",
    displayName: options.displayName ?? "Imported",
    connectorKey: options.connectorKey ?? "genericScim",
    tenantUrl: options.tenantUrl ?? "https://scim.example.com/scim",
    template: parseSchemaValue(template, "template"),
    job: parseSchemaValue(job, "job"),
    source: "test",
  });
}

/** The synthesized stack of an imported app. */
export function synthImported(app: ImportedApp): any {
  const stack = newStack();
  new ScimProvisionedApp(stack, app.appId, propsOf(app));
  return synth(stack);
}

/**
 * A schema with what Graph owns taken out, and sorted as the merge sorts it: each source is
 * compared by its expression as the portal shows it (Graph derives a source's `expression` texts
 * and parameter keys from the function's signature), a mapping's missing fields take Graph's
 * documented defaults, a scope without filter groups is null, and arrays are in name order.
 */
export function normalized(rules: any[]): any[] {
  const defaults = { defaultValue: null, exportMissingReferences: false, flowBehavior: "FlowWhenChanged", flowType: "Always", matchingPriority: 0 };
  const byJson = (key: (x: any) => unknown) => (a: any, b: any) => (canonicalJson(key(a)) < canonicalJson(key(b)) ? -1 : 1);
  return rules
    .map((r) => ({
      ...r,
      objectMappings: (r.objectMappings ?? [])
        .map((om: any) => {
          const groups = om.scope?.groups ?? [];
          const scope =
            groups.length + (om.scope?.categoryFilterGroups ?? []).length + (om.scope?.inputFilterGroups ?? []).length === 0
              ? null
              : {
                  categoryFilterGroups: om.scope.categoryFilterGroups ?? [],
                  inputFilterGroups: om.scope.inputFilterGroups ?? [],
                  groups: groups.map((g: any) => ({ ...g, clauses: [...(g.clauses ?? [])].sort(byJson((c) => c)) })).sort(byJson((g) => g.name)),
                };
          return {
            ...om,
            scope,
            attributeMappings: (om.attributeMappings ?? [])
              .map((m: any) => ({ ...defaults, ...m, source: m.source ? printSource(m.source) : null }))
              .sort(byJson((m) => m.targetAttributeName.toLowerCase())),
          };
        })
        .sort(byJson((om) => [om.sourceObjectName, om.targetObjectName])),
    }))
    .sort(byJson((r) => [r.sourceDirectoryName, r.targetDirectoryName, r.name]));
}
