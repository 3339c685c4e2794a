/**
 * The diff's declarations run through the same checks ScimProvisionedApp applies (props.ts's zod
 * schema, then resolveJobSchema's guardrails): a declaration the constructs would refuse is taken
 * out and reported by name, so the generated file always synthesizes.
 */
import type { Connector } from "../../constructs/connectors";
import { resolveJobSchema } from "../../constructs/job-schema";
import { appPropsSchema, houseErrorMap } from "../../constructs/props";
import type { SchemaDeclarations } from "./schema-diff";
import { oneLine, quote } from "./text";

type ListField = "userMappings" | "groupMappings" | "userScope" | "groupScope";
const LISTS: readonly ListField[] = ["userMappings", "groupMappings", "userScope", "groupScope"];

export interface CheckedDeclarations {
  readonly declarations: SchemaDeclarations;
  /** One line per declaration taken out, naming it and why. */
  readonly rejected: string[];
}

function entryName(list: ListField, entry: unknown): string {
  const e = entry as { target?: string; name?: string };
  const name = list.endsWith("Mappings") ? e.target : e.name;
  return `${list} ${quote(String(name ?? "(unnamed)"))}`;
}

export function checkDeclarations(connector: Connector, input: SchemaDeclarations): CheckedDeclarations {
  const lists: Record<ListField, unknown[]> = {
    userMappings: [...input.userMappings],
    groupMappings: [...input.groupMappings],
    userScope: [...input.userScope],
    groupScope: [...input.groupScope],
  };
  let provisionGroups = input.provisionGroups;
  const rejected: string[] = [];
  const drop = (list: ListField, index: number, why: string) => {
    rejected.push(`${entryName(list, lists[list][index])} is not imported: ${oneLine(why)}`);
    lists[list][index] = undefined;
  };

  // Objects the connector provisions (app.ts checkObjectsProvisioned).
  const hasGroups = connector.objects.includes("groups");
  if (!hasGroups && provisionGroups === false) provisionGroups = undefined;
  if (!hasGroups || provisionGroups === false) {
    const why = hasGroups ? "the job does not provision groups (provisionGroups: false)" : `${connector.galleryName} provisions users only`;
    for (const list of ["groupMappings", "groupScope"] as const) lists[list].forEach((_, i) => drop(list, i, why));
  }

  // Until nothing is refused: taking one declaration out can change what the others mean (matching precedence).
  for (let round = 0; round < 10; round++) {
    const compact = () => LISTS.forEach((l) => (lists[l] = lists[l].filter((e) => e !== undefined)));
    compact();
    let found = false;
    const parsed = appPropsSchema.safeParse({ connector, ...lists }, { error: houseErrorMap });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const [list, index, ...rest] = issue.path;
        if (!LISTS.includes(list as ListField) || typeof index !== "number" || lists[list as ListField][index] === undefined) continue;
        drop(list as ListField, index, `${rest.map(String).join(".") || "entry"}: ${issue.message}`);
        found = true;
      }
    }
    compact();
    if (!found) {
      const resolved = resolveJobSchema(connector, { ...(lists as unknown as SchemaDeclarations), mappingMode: "merge", provisionGroups });
      for (const problem of resolved.problems) {
        const m = /^(userMappings|groupMappings|userScope|groupScope)\[(\d+)\]/.exec(problem.field);
        if (!m) throw new Error(`import: the constructs refuse the imported declarations: ${problem.field}: ${problem.message}`);
        const [list, index] = [m[1] as ListField, Number(m[2])];
        if (lists[list][index] === undefined) continue;
        drop(list, index, `${problem.field.slice(m[0].length).replace(/^\s*\([^)]*\)\.?/, "") || "entry"}: ${problem.message}`);
        found = true;
      }
    }
    if (!found) break;
  }
  LISTS.forEach((l) => (lists[l] = lists[l].filter((e) => e !== undefined)));
  return {
    declarations: { ...(lists as unknown as SchemaDeclarations), ...(provisionGroups === false ? { provisionGroups } : {}) },
    rejected,
  };
}
