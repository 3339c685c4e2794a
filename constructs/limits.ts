/**
 * Length caps on every string that reaches the manifest and Terraform. Synth enforces them on
 * props (props.ts, app.ts, schema/expression.ts) and the CLIs enforce the same numbers on the
 * manifests they read (manifest/schema.ts), so a report can rely on them. This file imports
 * nothing but expressions/limits.ts, so the CLIs can use it without loading cdktf.
 *
 * Entra's own: a UPN has at most 64 characters before the "@" and 48 after, 113 in all (Entra
 * docs, "Password policies and account restrictions"); display names 256 (Graph: application and
 * group displayName). Ours: 256 for other names, 1024 for values (default values, scoping filter
 * values), 254 for an email address (RFC 5321), 2048 for a URL, 10,000 characters and 32 nested
 * function calls for an expression.
 */
export const MAX_NAME_LENGTH = 256;
export const MAX_VALUE_LENGTH = 1024;
export const MAX_UPN_LENGTH = 113;
export const MAX_EMAIL_LENGTH = 254;
export const MAX_URL_LENGTH = 2048;
// The expression limits belong to the expression language (expressions/, shared with the sandbox).
export { MAX_EXPRESSION_LENGTH, MAX_EXPRESSION_DEPTH } from "../expressions/limits";
