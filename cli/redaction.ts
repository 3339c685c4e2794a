/**
 * The one redaction of every CLI (verify, drift, review, import): what a command must never print,
 * and how it is cut out of anything it does print.
 *
 * A secret reaches output in more shapes than its own: a server reflects it percent-encoded (a
 * Location, a query), JSON-escaped (a SmartFile password with `"` or `\` quoted in an error body,
 * `/` as `\/` from some encoders, non-ASCII as `\uXXXX`), or in another case (a header value, an
 * upper-cased echo). `redact` replaces every one of those forms, in any case, by REDACTED, and the
 * user information of any URL (`https://user:pass@host`) by `***@`. Redaction comes before any
 * escaping or cutting of the text, so an escape can never split a secret and a cut never leaves
 * half of one.
 *
 * What counts as a secret: the tokens a command reads, the credentials of tenant URLs, the values
 * a plan holds in credentials, an access token, and (`fromEnvironment`) every TF_VAR_ value and
 * every ARM_/AZURE_ variable named like a secret, token or password.
 */
import { redactUrl } from "./printable";

/** What a secret is replaced by. */
export const REDACTED = "***";

/**
 * Shorter values are not secrets worth cutting: "*" (Graph's mask), "on" or "1" would blank out
 * ordinary words. No token a connector accepts is this short.
 */
export const MIN_SECRET_LENGTH = 4;

/** Environment variables whose values are secrets, beside every TF_VAR_ (Terraform reads those). */
const SECRET_VARIABLE = /^(ARM|AZURE)_.*(SECRET|TOKEN|PASSWORD)/;

/** JSON string escapes of a value, as different encoders write them (without the quotes). */
function jsonForms(value: string): string[] {
  const standard = JSON.stringify(value).slice(1, -1);
  const asciiOnly = standard.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  return [standard, standard.replace(/\//g, "\\/"), asciiOnly, asciiOnly.replace(/\//g, "\\/")];
}

/**
 * A value as it may be reflected: raw, percent-encoded (both ways), form-encoded, JSON-escaped
 * once or twice (a JSON document quoted in a JSON string, or in a message that quotes it again).
 */
export function reflectedForms(value: string): string[] {
  const encoded = [encodeURIComponent(value), encodeURI(value), encodeURIComponent(value).replace(/%20/g, "+")];
  const json = jsonForms(value);
  const forms = [value, ...encoded, ...json, ...json.flatMap(jsonForms), ...encoded.flatMap(jsonForms)];
  return [...new Set(forms)];
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

export class Secrets {
  private readonly values = new Set<string>();
  private pattern?: RegExp;

  /** The secrets of an environment: every TF_VAR_ value, and ARM_/AZURE_ secrets, tokens and passwords. */
  static fromEnvironment(env: NodeJS.ProcessEnv = process.env): Secrets {
    const secrets = new Secrets();
    for (const [name, value] of Object.entries(env)) if (name.startsWith("TF_VAR_") || SECRET_VARIABLE.test(name)) secrets.add(value);
    return secrets;
  }

  /** Adds a secret (and every form it may be reflected in); values under MIN_SECRET_LENGTH are ignored. */
  add(secret: string | undefined): this {
    if (secret === undefined || secret.length < MIN_SECRET_LENGTH) return this;
    for (const form of reflectedForms(secret)) this.values.add(form);
    this.pattern = undefined;
    return this;
  }

  /**
   * Adds the password of a URL (as written and decoded), or its user name when that is all the
   * user information there is (`https://<token>@host`). A user name beside a password is no secret
   * (`user` would blank out "users" everywhere); redact() still hides the whole `user:pass@`.
   */
  addUrlCredentials(url: string): this {
    try {
      const parsed = new URL(url);
      const part = parsed.password !== "" ? parsed.password : parsed.username;
      if (part !== "") {
        this.add(part);
        this.add(safeDecode(part));
      }
    } catch {
      /* not a URL: nothing to add; redactUrl still catches user:pass@ in the text */
    }
    return this;
  }

  /** Whether any secret is known. */
  get size(): number {
    return this.values.size;
  }

  /** `text` with every secret, in any of its forms and any case, and every URL's credentials replaced. */
  redact(text: string): string {
    if (this.values.size > 0) {
      // Longest first, so a secret that contains another is replaced whole.
      this.pattern ??= new RegExp(
        [...this.values]
          .sort((a, b) => b.length - a.length)
          .map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
          .join("|"),
        "gi",
      );
      text = text.replace(this.pattern, REDACTED);
    }
    return redactUrl(text);
  }

  /** A copy of a JSON-like value with every string value in it (at any depth) redacted; keys are kept. */
  redactDeep<T>(value: T): T {
    const walk = (v: unknown): unknown => {
      if (typeof v === "string") return this.redact(v);
      if (Array.isArray(v)) return v.map(walk);
      if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
      return v;
    };
    return walk(value) as T;
  }
}
