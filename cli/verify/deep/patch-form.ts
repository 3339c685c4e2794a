/**
 * The PATCH bodies Entra sends, in the form the tenant URL asks for. Entra's SCIM client has two
 * PATCH dialects (application-provisioning-config-problem-scim-compatibility.md, "Flags to alter
 * the SCIM behavior"; graph-sync.md section 7):
 * - default: ops capitalised (`Replace`), `active` as the STRING "False"/"True", one operation per
 *   attribute, a member removed with `value: [{ value: id }]`;
 * - with the `aadOptscim062020` flag in the tenant URL: ops lowercase, `active` as a boolean, several
 *   attributes replaced in one path-less operation, a member removed with a
 *   `members[value eq "id"]` path.
 * --deep sends what Entra will send to this tenant URL, so an app is proven against its own dialect.
 */

export const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

/** The name of Entra's SCIM-compliant PATCH flag. */
export const COMPLIANT_PATCH_FLAG = "aadOptscim062020";

export interface PatchOperation {
  readonly op: string;
  readonly path?: string;
  readonly value?: unknown;
}

export interface PatchBody {
  readonly schemas: readonly string[];
  readonly Operations: readonly PatchOperation[];
}

/**
 * Whether the tenant URL carries the compliance flag. UNCONFIRMED: Microsoft shows the flag's URL
 * syntax only in a screenshot (graph-sync.md, unconfirmed item 8); the common form is a query
 * parameter without a value (`...?aadOptscim062020`), so any query parameter of that name counts,
 * in any letter case.
 */
export function usesCompliantPatch(tenantUrl: string): boolean {
  let url: URL;
  try {
    url = new URL(tenantUrl);
  } catch {
    return false;
  }
  return [...url.searchParams.keys()].some((k) => k.toLowerCase() === COMPLIANT_PATCH_FLAG.toLowerCase());
}

export class PatchForm {
  constructor(public readonly compliant: boolean) {}

  private op(name: "add" | "replace" | "remove"): string {
    return this.compliant ? name : name[0].toUpperCase() + name.slice(1);
  }

  private body(operations: PatchOperation[]): PatchBody {
    return { schemas: [PATCH_OP], Operations: operations };
  }

  /** Several attributes in one request, as Entra sends an update of several mapped values. */
  replaceMany(values: ReadonlyArray<readonly [string, unknown]>): PatchBody {
    if (!this.compliant) return this.body(values.map(([path, value]) => ({ op: this.op("replace"), path, value })));
    // With the flag, filtered paths keep their own operation; the rest travel in one path-less value.
    const filtered = values.filter(([path]) => path.includes("["));
    const plain = values.filter(([path]) => !path.includes("["));
    return this.body([
      ...filtered.map(([path, value]) => ({ op: this.op("replace"), path, value })),
      ...(plain.length > 0 ? [{ op: this.op("replace"), value: Object.fromEntries(plain) }] : []),
    ]);
  }

  replace(path: string, value: unknown): PatchBody {
    return this.body([{ op: this.op("replace"), path, value }]);
  }

  /** Disable: `active` false, a string without the flag. */
  disable(): PatchBody {
    return this.replace("active", this.compliant ? false : "False");
  }

  /** Sets or changes the manager reference: Add for the first, Replace for a change. */
  manager(path: string, managerId: string, first: boolean): PatchBody {
    // UNCONFIRMED: the value form. Entra's 2017 sample sends a list of { $ref, value } for a `manager`
    // path; today's jobs write the enterprise extension's manager, whose SCIM type is a complex
    // { value }. We send the complex form, which RFC 7643 section 4.3 defines.
    return this.body([{ op: this.op(first ? "add" : "replace"), path, value: { value: managerId } }]);
  }

  removeManager(path: string): PatchBody {
    return this.body([{ op: this.op("remove"), path }]);
  }

  addMember(userId: string): PatchBody {
    return this.body([{ op: this.op("add"), path: "members", value: [{ value: userId }] }]);
  }

  removeMember(userId: string): PatchBody {
    if (this.compliant) return this.body([{ op: this.op("remove"), path: `members[value eq ${filterString(userId)}]` }]);
    return this.body([{ op: this.op("remove"), path: "members", value: [{ value: userId }] }]);
  }
}

/** A string as a SCIM filter value: a JSON string literal (RFC 7644 section 3.4.2.2), so quotes in a server's id cannot break the filter. */
export function filterString(value: string): string {
  return JSON.stringify(value);
}
