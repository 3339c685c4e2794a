/**
 * zod schemas for ScimProvisionedApp props. Shapes and single-field rules live here; rules that
 * need the connector or the stack (tenant URL, duplicate display names, mappings) live in app.ts.
 *
 * Messages follow the house format `what is wrong; expected ...`; the construct adds
 * `<stack>/<app>: <field>: ` in front.
 */
import { TerraformVariable, Token } from "cdktf";
import { z } from "zod";

/** Roles Entra skips when provisioning (seeds: "Users with the Default Access role are excluded"). */
export const EXCLUDED_ROLES = ["Default Access", "msiam_access"];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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
export const houseErrorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case "invalid_type":
      return `${describe(issue.input)} is not ${article(issue.expected)}; expected ${article(issue.expected)}`;
    case "invalid_value":
      return `${describe(issue.input)} is not allowed; expected one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    case "unrecognized_keys":
      return `unknown prop${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}; expected only the documented props`;
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
  .refine((v) => /^[^\s@,;]+@[^\s@,;]+\.[^\s@,;]+$/.test(v), {
    error: (iss) => `${describe(iss.input)} is not an email address; expected one address such as "idm-team@contoso.com"`,
  });

const assignment = z
  .strictObject({
    user: nonEmpty.optional(),
    group: nonEmpty.optional(),
    role: nonEmpty.refine((role) => !EXCLUDED_ROLES.some((r) => r.toLowerCase() === role.trim().toLowerCase()), {
      error: (iss) =>
        `${describe(iss.input)} is skipped by Entra provisioning (the seeds: users with Default Access are excluded); expected an application-specific role such as "User"`,
    }).refine((role) => !/["\\$%{}]/.test(role), {
      error: (iss) => `${describe(iss.input)} contains a quote, backslash, "$", "%" or brace; expected the role's display name as the portal shows it`,
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
  target: nonEmpty,
  source: z.string().optional(),
  matching: z.number().optional(),
  apply: z.enum(["always", "onCreateOnly"]).optional(),
  defaultValue: z.string().optional(),
  remove: z.boolean().optional(),
});

const scopeShape = z.strictObject({
  name: z.string().optional(),
  remove: z.boolean().optional(),
  all: z.array(
    z.strictObject({
      attribute: nonEmpty,
      operator: nonEmpty,
      values: z.array(z.string()).optional(),
    }),
  ).optional(),
}).superRefine((f, ctx) => {
  if (f.all === undefined && !f.remove) ctx.addIssue({ code: "custom", path: ["all"], message: "is missing; expected the filter's clauses, or remove: true to drop the app's filter of this name" });
});

const subjects = z.array(nonEmpty);

export const appPropsSchema = z.strictObject({
  connector: z.custom<object>((v) => typeof v === "object" && v !== null && "key" in v && "galleryName" in v, {
    message: "is not a connector; expected a value from Connectors, e.g. Connectors.iprova()",
  }),
  displayName: z
    .string()
    .min(1)
    .max(256, { error: "is longer than 256 characters; expected a shorter display name" })
    .optional(),
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
      const t = a.threshold;
      if (!(typeof t === "number" && Number.isInteger(t) && t > 0)) {
        ctx.addIssue({
          code: "custom",
          path: ["threshold"],
          message: `${describe(t)} is not a positive integer; expected the number of deletions in one cycle that stops the job, e.g. 500`,
        });
      }
    })
    .optional(),
  assignments: z.array(assignment).optional(),
  userMappings: z.array(mappingShape).optional(),
  groupMappings: z.array(mappingShape).optional(),
  mappingMode: z.enum(["merge", "replace"]).optional(),
  userScope: z.array(scopeShape).optional(),
  groupScope: z.array(scopeShape).optional(),
  onDemand: z.strictObject({ users: subjects.optional(), groups: subjects.optional() }).optional(),
  validateCredentials: z.boolean().optional(),
  provisionGroups: z.boolean().optional(),
});

/** Is this an object id (so no directory lookup is needed)? */
export function isObjectId(value: string): boolean {
  return UUID.test(value);
}
