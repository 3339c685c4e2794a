import type { FilterGroup, ScopeResult, SourceRecord } from "./types";

/** The operator names evaluateScopingFilter knows (Graph filterOperatorType names). */
export const SCOPING_OPERATORS: readonly string[] = [];

/** Scoping filter groups over one object: clauses AND-ed within a group, groups OR-ed; no groups = in scope. */
export function evaluateScopingFilter(filterGroups: readonly FilterGroup[] | null | undefined, source: SourceRecord): ScopeResult {
  void filterGroups, source;
  throw new Error("evaluateScopingFilter: not implemented yet");
}
