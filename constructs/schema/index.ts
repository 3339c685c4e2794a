/** Attribute mappings and scoping filters: the job schema, as typed and validated code. */
export type { AttributeMapping, ScopeClause, ScopingFilter } from "./types";
export { parseExpression, toGraphSource, expressionToGraphSource, ExpressionError, type Expression, type GraphSource } from "./expression";
export { FUNCTIONS, type FunctionSpec } from "./functions";
export { OPERATORS, type OperatorSpec } from "./operators";
export { isKnownTarget, ENTERPRISE_USER } from "./scim-attributes";
export { DEFAULT_USER_MAPPINGS, DEFAULT_GROUP_MAPPINGS } from "./defaults";
export { resolveObjectSchema, type ObjectSchemaInput, type ResolvedObjectSchema } from "./resolve";
export { toGraphObjectMapping, toGraphSchemaBody } from "./graph-body";
