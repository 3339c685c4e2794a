/**
 * Risky combinations of props: allowed (each has a use), but each is worth a reviewer's second
 * look, so synth warns once (a cdktf warning annotation, which `npm run synth` and `cdktf synth`
 * print) and the manifest carries the warning for the review. Guardrails that refuse live in
 * app.ts and schema/resolve.ts; the per-mapping warning (a matching attribute computed from
 * attributes two users can share) comes from resolve.ts with the mapping's own position.
 */
import type { Connector } from "./connectors";
import type { Problem } from "./errors";
import type { ResolvedJobSchema } from "./job-schema";

/** The props the combinations read (a subset of ScimProvisionedAppProps). */
export interface RiskInputs {
  readonly scope?: "assignedOnly" | "allUsersAndGroups";
  readonly accidentalDeletions?: { readonly threshold?: number; readonly enabled?: boolean };
}

export function riskyCombinations(connector: Connector, props: RiskInputs, schema: Pick<ResolvedJobSchema, "users" | "groups">): Problem[] {
  const warnings: Problem[] = [];
  const filtered = [schema.users, schema.groups].some((o) => o !== null && (o.scope.length > 0 || o.requiredClauses.length > 0));
  if (props.scope === "allUsersAndGroups" && props.accidentalDeletions?.enabled === false && !filtered) {
    warnings.push({
      field: "scope",
      message: `"allUsersAndGroups" with accidentalDeletions { enabled: false } and no scoping filter: every user and group of the tenant is in scope, and nothing stops a cycle that deletes or disables them in bulk in ${connector.galleryName}; a scoping filter (userScope) or accidental-deletion prevention (the default, threshold 500) is safer`,
    });
  }
  return warnings;
}
