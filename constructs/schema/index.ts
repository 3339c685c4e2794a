/** Attribute mappings and scoping filters: the job schema, as typed and validated code. */
export type { AttributeMapping, AttributeType, ScopeClause, ScopingFilter, TargetAttribute, TargetAttributes } from "./types";
export { ATTRIBUTE_TYPES } from "./types";
export { parseExpression, toGraphSource, expressionToGraphSource, ExpressionError, type Expression, type GraphSource } from "./expression";
export { FUNCTIONS, type FunctionSpec } from "../../expressions/functions";
export { OPERATORS, type OperatorSpec } from "./operators";
export { isKnownTarget, isScimAttributeName, suggestTarget, ENTERPRISE_USER } from "./scim-attributes";
export { DEFAULT_USER_MAPPINGS, DEFAULT_GROUP_MAPPINGS } from "./defaults";
export { resolveObjectSchema, mappingLabel, type ObjectSchemaInput, type ResolvedObjectSchema } from "./resolve";
export { toGraphAttributeMapping, toGraphFilterGroup, toGraphClause } from "./graph-body";
export {
  declaredData,
  declaresAnything,
  declaresAttributes,
  mergedDirectoriesExpression,
  mergedRulesExpression,
  problemsExpression,
  provisioningRuleIdExpression,
  warningsExpression,
  type MergeRefs,
  type ObjectDeclaration,
} from "./live-merge";
