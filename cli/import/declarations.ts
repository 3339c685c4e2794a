/**
 * The diff's declarations run through the same checks ScimProvisionedApp applies (props.ts's zod
 * schema, then resolveJobSchema's guardrails): a declaration the constructs would refuse is taken
 * out and reported by name, so the generated file always synthesizes.
 */
import type { Connector } from "../../constructs/connectors";
import { resolveJobSchema, type DeclaredSchema } from "../../constructs/job-schema";
import { appPropsSchema, houseErrorMap } from "../../constructs/props";
import type { SchemaDeclarations } from "./schema-diff";
import { oneLine, quote } from "./text";

type ListField = "userMappings" | "groupMappings" | "userScope" | "groupScope" | "targetAttributes.users" | "targetAttributes.groups";
const LISTS: readonly ListField[] = ["userMappings", "groupMappings", "userScope", "groupScope", "targetAttributes.users", "targetAttributes.groups"];

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

/** The props form of the lists: targetAttributes as one object, present only when something is declared. */
function propsOf(lists: Record<ListField, unknown[]>): Record<string, unknown> {
  const users = lists["targetAttributes.users"];
  const groups = lists["targetAttributes.groups"];
  return {
    userMappings: lists.userMappings,
    groupMappings: lists.groupMappings,
    userScope: lists.userScope,
    groupScope: lists.groupScope,
    ...(users.length + groups.length > 0 ? { targetAttributes: { ...(users.length > 0 ? { users } : {}), ...(groups.length > 0 ? { groups } : {}) } } : {}),
  };
}

/** The list and index a prop path names: `["targetAttributes", "users", 0, ...]` or `["userMappings", 0, ...]`. */
function listAt(path: ReadonlyArray<PropertyKey>): { list: ListField; index: number; rest: PropertyKey[] } | undefined {
  const [first, second, third, ...more] = path;
  if (first === "targetAttributes" && (second === "users" || second === "groups") && typeof third === "number") {
    return { list: `targetAttributes.${second}`, index: third, rest: more };
  }
  if (LISTS.includes(first as ListField) && typeof second === "number") return { list: first as ListField, index: second, rest: [third, ...more].filter((p) => p !== undefined) };
  return undefined;
}

export function checkDeclarations(connector: Connector, input: SchemaDeclarations): CheckedDeclarations {
  const lists: Record<ListField, unknown[]> = {
    userMappings: [...input.userMappings],
    groupMappings: [...input.groupMappings],
    userScope: [...input.userScope],
    groupScope: [...input.groupScope],
    "targetAttributes.users": [...input.targetAttributes.users],
    "targetAttributes.groups": [...input.targetAttributes.groups],
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
    for (const list of ["groupMappings", "groupScope", "targetAttributes.groups"] as const) lists[list].forEach((_, i) => drop(list, i, why));
  }

  // Until nothing is refused: taking one declaration out can change what the others mean (matching precedence).
  for (let round = 0; round < 10; round++) {
    const compact = () => LISTS.forEach((l) => (lists[l] = lists[l].filter((e) => e !== undefined)));
    compact();
    let found = false;
    const parsed = appPropsSchema.safeParse({ connector, ...propsOf(lists) }, { error: houseErrorMap });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const at = listAt(issue.path);
        if (!at || lists[at.list][at.index] === undefined) continue;
        drop(at.list, at.index, `${at.rest.map(String).join(".") || "entry"}: ${issue.message}`);
        found = true;
      }
    }
    compact();
    if (!found) {
      const resolved = resolveJobSchema(connector, { ...(propsOf(lists) as Partial<DeclaredSchema>), mappingMode: "merge", provisionGroups });
      for (const problem of resolved.problems) {
        const m = /^(userMappings|groupMappings|userScope|groupScope|targetAttributes\.users|targetAttributes\.groups)\[(\d+)\]/.exec(problem.field);
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
  const declarations: SchemaDeclarations = {
    userMappings: lists.userMappings as SchemaDeclarations["userMappings"],
    groupMappings: lists.groupMappings as SchemaDeclarations["groupMappings"],
    userScope: lists.userScope as SchemaDeclarations["userScope"],
    groupScope: lists.groupScope as SchemaDeclarations["groupScope"],
    targetAttributes: {
      users: lists["targetAttributes.users"] as SchemaDeclarations["targetAttributes"]["users"],
      groups: lists["targetAttributes.groups"] as SchemaDeclarations["targetAttributes"]["groups"],
    },
    ...(provisionGroups === false ? { provisionGroups } : {}),
  };
  return { declarations, rejected };
}
