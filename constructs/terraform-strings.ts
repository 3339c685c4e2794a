/**
 * The one escaping boundary between user strings and Terraform JSON.
 *
 * Terraform reads every string of a `.tf.json` file that is evaluated as an expression (resource
 * and data arguments, outputs, locals, precondition and check messages) as a template: `${...}`
 * interpolates and `%{...}` runs a directive. A display name `${file("/etc/hostname")}` would be
 * evaluated by terraform, and an email `${var.x_secret_token}@contoso.com` would copy a secret
 * into a setting. So every string that comes from a user passes through `templateLiteral` (or
 * `escapeTemplates` for a whole document, or `hclQuoted` inside an expression we write) on its
 * way into Terraform JSON; strings that must be identifiers (stack and app ids, variable names)
 * are rejected at construction instead (see ids.ts).
 *
 * Static contexts are the exception: Terraform decodes a variable's `description` and the backend
 * block without an evaluation context, and HCL's JSON syntax then takes strings literally
 * (hcl/json: "if ctx is nil, the string is not parsed as a template"). Strings written there are
 * not escaped, or `$${` would reach the description as two dollars.
 */

const MARKER = /[$%]\{/;

/** Whether a string holds `${` or `%{`, which Terraform would read as template syntax. */
export function hasTemplateMarker(text: string): boolean {
  return MARKER.test(text);
}

/**
 * A user string as a Terraform template that evaluates to exactly that string: `${` becomes
 * `$${` and `%{` becomes `%%{` (Terraform's documented escapes). Idempotence is not a goal: the
 * input is always the user's literal text, so `$${` in it becomes `$$${`, which Terraform reads
 * back as `$${`.
 */
export function templateLiteral(text: string): string {
  if (!hasTemplateMarker(text)) return text;
  return text.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{");
}

/**
 * A user string as an HCL quoted string literal, for use inside an expression we write ourselves
 * (`r.display_name == "<role>"`): backslash, quote and control characters are escaped as HCL
 * escapes, template markers as in templateLiteral.
 */
export function hclQuoted(text: string): string {
  const escaped = text.replace(/[\\"\u0000-\u001f\u007f]/g, (c) => {
    switch (c) {
      case "\\":
        return "\\\\";
      case '"':
        return '\\"';
      case "\n":
        return "\\n";
      case "\r":
        return "\\r";
      case "\t":
        return "\\t";
      default:
        return `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
    }
  });
  return `"${templateLiteral(escaped)}"`;
}

/**
 * templateLiteral applied to every string inside a JSON document (a Graph request body, the
 * declarations local), object keys included: Terraform JSON reads keys as templates too, and the
 * by-name maps are keyed by targets and filter names. Objects are only copied where something
 * inside changed, so shared parts stay shared and a body without markers costs one walk and no
 * allocation.
 */
export function escapeTemplates<T>(value: T): T {
  if (typeof value === "string") return templateLiteral(value) as T;
  if (Array.isArray(value)) {
    const items = value.map(escapeTemplates);
    return (items.some((item, i) => item !== value[i]) ? items : value) as T;
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value);
    const escaped = entries.map(([k, v]) => [templateLiteral(k), escapeTemplates(v)] as const);
    return (escaped.some(([k, v], i) => k !== entries[i][0] || v !== entries[i][1]) ? Object.fromEntries(escaped) : value) as T;
  }
  return value;
}
