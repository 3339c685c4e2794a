/**
 * Entra's attribute-mapping expression language and scoping filters, evaluated offline: the
 * public API shared by the constructs (parse and validate at synth), `npm run preview` and the
 * local Entra sandbox. Free of cdktf and of constructs/.
 */
export { parseExpression, ExpressionError, type Expression as ExpressionAst } from "./parser";
export { FUNCTIONS, type FunctionSpec } from "./functions";
export { evaluateExpression, evaluateForMapping, EvaluationError } from "./evaluate";
export { entraSourceFromGraphUser, entraSourceFromGraphGroup, type UserSourceOptions } from "./source";
export { printSource, UnprintableSource } from "./graph-source";
export { clauseHolds, evaluateScopingFilter, SCOPING_OPERATORS } from "./scoping";
export { mapObject } from "./mapping";
export type {
  AppRoleAssignmentSource,
  AttributeMappingInput,
  AttributeMappingSource,
  ComplexValue,
  EvalValue,
  EvaluateOptions,
  FilterClause,
  FilterGroup,
  GraphGroup,
  GraphUser,
  MapOptions,
  MappedObject,
  MappingError,
  ObjectMappingInput,
  ScopeResult,
  SourceRecord,
  SourceValue,
  TargetAttributeDefinition,
} from "./types";
