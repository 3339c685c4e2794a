import { airstack } from "./airstack";
import { genericScim } from "./generic-scim";
import { iprova } from "./iprova";
import { ipassSmartConnect } from "./ipass-smartconnect";
import { smartFile } from "./smartfile";

export type { Connector, ObjectKind, RequiredClause } from "./types";
export type { IpassSmartConnectOptions } from "./ipass-smartconnect";
export type { SmartFileOptions } from "./smartfile";
export type { GenericScimOptions } from "./generic-scim";
export { NON_GALLERY_TEMPLATE_ID } from "./generic-scim";

/** The catalog of SCIM apps: one function per connector, each returning data plus its guardrails. */
export const Connectors = {
  ipassSmartConnect,
  iprova,
  airstack,
  smartFile,
  genericScim,
} as const;
