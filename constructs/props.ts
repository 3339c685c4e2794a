/**
 * zod schemas for ScimProvisionedApp props. Shapes and single-field rules live here; rules that
 * need the connector or the stack (tenant URL, duplicate display names, mappings) live in app.ts.
 *
 * Messages follow the house format `what is wrong; expected ...`; the construct adds
 * `<stack>/<app>: <field>: ` in front.
 */
import { TerraformVariable, Token } from "cdktf";
import { z } from "zod";
import { adoptSchema } from "./adopt";
import { closest } from "./did-you-mean";
import { ATTRIBUTE_TYPES } from "./schema/types";

/** Roles Entra skips when provisioning (the gallery apps' tutorials: "Users with the Default Access role are excluded"). */
export const EXCLUDED_ROLES = ["Default Access", "msiam_access"];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A user principal name. Entra allows `A-Z a-z 0-9 ' . - _ ! # ^ ~` before the "@" (Entra docs,
 * "Password policies and account restrictions": userPrincipalName; `#` also appears in guests'
 * `..#EXT#@..` names) and a verified domain after it.
 */
const UPN = /^[A-Za-z0-9'._!#^~-]+@(?:(?!-)[A-Za-z0-9-]{1,63}(?<!-)\.)+[A-Za-z]{2,63}$/;

import { MAX_EMAIL_LENGTH, MAX_NAME_LENGTH, MAX_UPN_LENGTH, MAX_VALUE_LENGTH } from "./limits";

export { MAX_EMAIL_LENGTH, MAX_NAME_LENGTH, MAX_UPN_LENGTH, MAX_VALUE_LENGTH } from "./limits";

/** Entra's documented default deletion threshold (accidental deletions prevention). */
export const DEFAULT_DELETE_THRESHOLD = 500;
/**
 * Our upper bound for the deletion threshold. Entra documents no maximum (UNCONFIRMED: the
 * portal's own limit); a threshold above a million deletions in one cycle protects nothing, and
 * `enabled: false` says that honestly.
 */
export const MAX_DELETE_THRESHOLD = 1_000_000;

/** Describes a value for a message without ever printing more than a short string. */
export function describe(value: unknown): string {
  if (value === undefined) return "missing";
  if (value === null) return "null";
  if (typeof value === "string") return value.length > 80 ? `a ${value.length}-character string` : JSON.stringify(value);
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "an object";
  return String(value);
}

/** Error map: house-format messages for zod's built-in issues. Custom refinements bring their own. */
/** The props an object schema declares (zod 4 keeps them on the schema's definition). */
function knownKeys(schema: unknown): string[] {
  const shape = (schema as { _zod?: { def?: { shape?: Record<string, unknown> } } } | undefined)?._zod?.def?.shape;
  return shape ? Object.keys(shape) : [];
}

/** `unknown prop "souce"; did you mean "source"?`, or the documented props when nothing is near. */
function unknownProps(keys: readonly PropertyKey[], known: readonly string[]): string {
  const names = keys.map((k) => String(k));
  const what = `unknown prop${names.length > 1 ? "s" : ""} ${names.map((k) => JSON.stringify(k)).join(", ")}`;
  const hints = names.map((k) => closest(k, known));
  if (hints.every((h) => h !== undefined)) return `${what}; did you mean ${hints.map((h) => JSON.stringify(h)).join(", ")}?`;
  return known.length > 0 ? `${what}; expected one of ${known.join(", ")}` : `${what}; expected only the documented props`;
}

export const houseErrorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case "invalid_type":
      return `${describe(issue.input)} is not ${article(issue.expected)}; expected ${article(issue.expected)}`;
    case "invalid_value":
      return `${describe(issue.input)} is not allowed; expected one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    case "unrecognized_keys":
      return unknownProps(issue.keys, knownKeys(issue.inst));
    case "too_big":
      return issue.origin === "string"
        ? `is longer than ${issue.maximum} characters; expected at most ${issue.maximum}`
        : issue.origin === "array"
          ? `has more than ${issue.maximum} entries; expected at most ${issue.maximum}`
          : `${describe(issue.input)} is too big; expected at most ${issue.maximum}`;
    case "too_small":
      return issue.origin === "string"
        ? "is empty; expected a non-empty string"
        : issue.origin === "array"
          ? `has fewer than ${issue.minimum} entries; expected at least ${issue.minimum}`
          : `${describe(issue.input)} is too small; expected at least ${issue.minimum}`;
    default:
      return undefined;
  }
};

function article(expected: string): string {
  if (expected === "int") return "an integer";
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

const nonEmpty = z.string().min(1);

/**
 * Text that is reviewed and written into the manifest as it is: not a Terraform reference (which
 * would only be known at apply) and one line without control characters.
 */
export function literalTextProblem(value: string): string | undefined {
  if (Token.isUnresolved(value)) return "is a Terraform reference; expected literal text (it is reviewed and written in the manifest)";
  if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(value)) {
    return `${describe(value)} contains a control character or line break; expected one line of text`;
  }
  return undefined;
}

/** A non-empty single-line literal string (see literalTextProblem). */
const literalText = nonEmpty.max(MAX_NAME_LENGTH).superRefine((value, ctx) => {
  const problem = literalTextProblem(value);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

/** A user by UPN or object id (what azuread_user can look up without a search). */
const userRef = nonEmpty.refine((v) => UUID.test(v) || (v.length <= MAX_UPN_LENGTH && v.indexOf("@") <= 64 && UPN.test(v)), {
  error: (iss) => `${describe(iss.input)} is neither a user principal name nor an object id; expected a UPN such as "alice@contoso.com" or a GUID`,
});

/** A plain string literal would be written into cdk.tf.json; only references are allowed. */
const secretToken = z.custom<TerraformVariable | string>(
  (value) => value instanceof TerraformVariable || (typeof value === "string" && Token.isUnresolved(value)),
  {
    // Never echo the value: it may be the token itself.
    message:
      "a plain string would be written in clear into cdk.tf.json; expected a TerraformVariable or a reference such as a Key Vault secret's value (omit it to get a sensitive variable)",
  },
);

const email = z
  .string()
  .max(MAX_EMAIL_LENGTH)
  .refine((v) => !Token.isUnresolved(v) && /^[^\s@,;\u0000-\u001f\u007f-\u009f]+@[^\s@,;\u0000-\u001f\u007f-\u009f]+\.[^\s@,;\u0000-\u001f\u007f-\u009f]+$/.test(v), {
    error: (iss) => `${describe(iss.input)} is not an email address; expected one address such as "idm-team@contoso.com"`,
  });

const assignment = z
  .strictObject({
    user: userRef.optional(),
    group: literalText.optional(),
    role: literalText.refine((role) => !EXCLUDED_ROLES.some((r) => r.toLowerCase() === role.trim().toLowerCase()), {
      error: (iss) =>
        `${describe(iss.input)} is skipped by Entra provisioning (Microsoft's provisioning tutorials: users assigned with the Default Access role are excluded); expected an application-specific role such as "User"`,
    }),
  })
  .superRefine((a, ctx) => {
    if ((a.user === undefined) === (a.group === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: [],
        message:
          a.user === undefined
            ? "names neither a user nor a group; expected exactly one of user (UPN or object id) or group (display name or object id)"
            : "names both a user and a group; expected exactly one of user or group per assignment",
      });
    }
  });

const mappingShape = z.strictObject({
  target: nonEmpty.max(MAX_NAME_LENGTH),
  // Capped by the expression parser (MAX_EXPRESSION_LENGTH), with the column-style message.
  source: z.string().optional(),
  // A precedence or false; resolve.ts words the message for 0, true and fractions.
  matching: z.union([z.number(), z.boolean()]).optional(),
  apply: z.enum(["always", "onCreateOnly"]).optional(),
  defaultValue: z.string().max(MAX_VALUE_LENGTH).optional(),
  remove: z.boolean().optional(),
});

/** An attribute definition for the app's schema (Graph attributeDefinition; portal: Edit attribute list). */
const targetAttributeShape = z.strictObject({
  name: literalText,
  type: z.enum(ATTRIBUTE_TYPES).optional(),
  multivalued: z.boolean().optional(),
  required: z.boolean().optional(),
});

const scopeShape = z.strictObject({
  name: z.string().max(MAX_NAME_LENGTH).optional(),
  remove: z.boolean().optional(),
  all: z.array(
    z.strictObject({
      attribute: nonEmpty.max(MAX_NAME_LENGTH),
      operator: nonEmpty.max(MAX_NAME_LENGTH),
      values: z.array(z.string().max(MAX_VALUE_LENGTH)).optional(),
    }),
  ).optional(),
}).superRefine((f, ctx) => {
  if (f.all === undefined && !f.remove) ctx.addIssue({ code: "custom", path: ["all"], message: "is missing; expected the filter's clauses, or remove: true to drop the app's filter of this name" });
});


export const appPropsSchema = z.strictObject({
  connector: z.custom<object>((v) => typeof v === "object" && v !== null && "key" in v && "galleryName" in v, {
    message: "is not a connector; expected a value from Connectors, e.g. Connectors.iprova()",
  }),
  displayName: literalText.optional(),
  tenantUrl: z.string().optional(),
  secretToken: secretToken.optional(),
  provisioning: z.enum(["on", "off"]).optional(),
  scope: z.enum(["assignedOnly", "allUsersAndGroups"]).optional(),
  notifications: z
    .strictObject({
      email,
      sendOnFailure: z.boolean().optional(),
    })
    .optional(),
  accidentalDeletions: z
    .strictObject({
      threshold: z.unknown().optional(),
      enabled: z.boolean().optional(),
    })
    .superRefine((a, ctx) => {
      if (a.enabled === false) {
        if (a.threshold !== undefined) {
          ctx.addIssue({ code: "custom", path: ["threshold"], message: "is set while enabled is false; expected either a threshold or enabled: false" });
        }
        return;
      }
      // `{ enabled: true }` alone means on, with Entra's default threshold.
      if (a.threshold === undefined) return;
      const t = a.threshold;
      if (!(typeof t === "number" && Number.isInteger(t) && t > 0)) {
        ctx.addIssue({
          code: "custom",
          path: ["threshold"],
          message: `${describe(t)} is not a positive integer; expected the number of deletions in one cycle that stops the job, e.g. ${DEFAULT_DELETE_THRESHOLD}`,
        });
      } else if (t > MAX_DELETE_THRESHOLD) {
        ctx.addIssue({
          code: "custom",
          path: ["threshold"],
          message: `${t} is above ${MAX_DELETE_THRESHOLD}; expected at most ${MAX_DELETE_THRESHOLD} deletions per cycle (set enabled: false to turn prevention off)`,
        });
      }
    })
    .optional(),
  assignments: z.array(assignment).optional(),
  userMappings: z.array(mappingShape).optional(),
  groupMappings: z.array(mappingShape).optional(),
  mappingMode: z.enum(["merge", "replace"]).optional(),
  targetAttributes: z.strictObject({ users: z.array(targetAttributeShape).optional(), groups: z.array(targetAttributeShape).optional() }).optional(),
  userScope: z.array(scopeShape).optional(),
  groupScope: z.array(scopeShape).optional(),
  onDemand: z.strictObject({ users: z.array(userRef).optional(), groups: z.array(literalText).optional() }).optional(),
  validateCredentials: z.boolean().optional(),
  provisionGroups: z.boolean().optional(),
  adopt: adoptSchema.optional(),
});

/** Is this an object id (so no directory lookup is needed)? */
export function isObjectId(value: string): boolean {
  return UUID.test(value);
}
