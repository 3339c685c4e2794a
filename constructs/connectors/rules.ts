/**
 * Small named checks shared by connector factories. Each returns a problem (or nothing) for one
 * option, so a factory's options are checked the same way everywhere.
 */
import type { Problem } from "../errors";

/** A DNS label: 1-63 letters, digits and hyphens, not starting or ending with a hyphen. */
const DNS_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/i;
/** A registrable domain name: two or more DNS labels. */
const DOMAIN = /^(?=.{1,253}$)((?!-)[a-z0-9-]{1,63}(?<!-)\.)+[a-z]{2,63}$/i;

/**
 * A DNS label such as a site name. `what` says what the value is (`your SmartFile site name, the
 * <siteName> of https://<siteName>.smartfile.com`) for the message of a missing one.
 */
export function dnsLabelProblem(field: string, value: unknown, what = "a DNS label"): Problem | undefined {
  if (typeof value === "string" && DNS_LABEL.test(value)) return undefined;
  if (value === undefined || value === null) return { field, message: `is missing; expected ${what}, e.g. "demo1test"` };
  return {
    field,
    message: `${typeof value === "string" ? JSON.stringify(value) : `a ${typeof value}`} is not a DNS label; expected 1-63 letters, digits or hyphens, e.g. "demo1test"`,
  };
}

export function domainProblems(field: string, value: unknown): Problem[] {
  if (!Array.isArray(value) || value.length === 0) {
    return [{ field, message: `no registered domains given; expected the domains registered in the admin console, e.g. ["contoso.com"]` }];
  }
  const problems: Problem[] = [];
  value.forEach((domain, i) => {
    if (typeof domain !== "string" || !DOMAIN.test(domain)) {
      problems.push({
        field: `${field}[${i}]`,
        message: `${JSON.stringify(domain)} is not a domain name; expected a name such as "contoso.com" (no scheme, no "@", no wildcard)`,
      });
    }
  });
  const seen = new Set<string>();
  value.forEach((domain, i) => {
    if (typeof domain !== "string") return;
    const key = domain.toLowerCase();
    if (seen.has(key)) problems.push({ field: `${field}[${i}]`, message: `"${domain}" is listed twice; expected each domain once` });
    seen.add(key);
  });
  return problems;
}

/** Escapes a literal for use inside a regular expression (RE2 and .NET agree on these). */
export function escapeRegex(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Makes an escaped regex literal match letters in either case: `contoso\\.com` -> `[cC][oO]...\\.[cC][oO][mM]`. */
export function caseInsensitive(escaped: string): string {
  return escaped.replace(/[a-z]/gi, (c) => `[${c.toLowerCase()}${c.toUpperCase()}]`);
}
