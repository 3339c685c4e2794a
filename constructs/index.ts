/**
 * Public API of entra-provisioning. Everything cdktf- and provider-specific stays behind this
 * folder, so moving from cdktf to its fork cdktn is a rename here.
 */
export { EntraTenantStack, type EntraTenantStackProps, type EntraEnvironment } from "./tenant-stack";
export { ScimProvisionedApp, type ScimProvisionedAppProps } from "./app";
export { tokenVariableName, stackTokenVariableName, type TokenVariableNaming } from "./token-variables";
export { Connectors, NON_GALLERY_TEMPLATE_ID } from "./connectors";
export type { Connector, ObjectKind, RequiredClause, IpassSmartConnectOptions, SmartFileOptions, GenericScimOptions } from "./connectors";
export type { Assignment } from "./assignments";
export type { AttributeMapping, ScopingFilter, TargetAttributes } from "./job-schema";
export type { AttributeType, TargetAttribute } from "./schema";
export { ValidationError, type Problem } from "./errors";
export { runSynth } from "./synth";
export { App } from "./cdktf-app";
export { TerraformVariable, type AzurermBackendConfig } from "cdktf";
