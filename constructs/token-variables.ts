/**
 * Token variables are unique per app across the whole cdktf app.
 *
 * `cdktf deploy '*'` runs every stack with the same environment, so two stacks that each declare a
 * variable `ipass_secret_token` would both read `TF_VAR_ipass_secret_token`: one tenant's token
 * would be sent to the other. The rule, for an app without `secretToken` (a default variable), by
 * its stack's `tokenVariableNames`:
 * - "auto" (the default): `<id>_secret_token`; when apps with the same id (after sanitizing)
 *   declare default variables in two or more stacks, `<stack>_<id>_secret_token` instead (so adding
 *   a second "auto" tenant that declares `ipass` renames the first one's variable: the synth summary
 *   and the manifests show the new names, and a deploy without them fails on the missing variable,
 *   never silently);
 * - "byApp": always `<id>_secret_token`, whatever other stacks declare: a stack whose names never
 *   change when stacks are added beside it (the example tenant). A same-id app of an "auto" stack
 *   then reads its stack-qualified name; two "byApp" stacks declaring the same id fail synth;
 * - "byStack": always `<stack>_<id>_secret_token`.
 * No name depends on the order in which stacks are declared: reordering main.ts never hands one
 * tenant's variable to another.
 * - any two apps whose variables still share a name (ids `air-stack` and `air_stack`, a variable
 *   you passed that has a default's name, names differing only in case, which Windows environments
 *   merge) fail synth with one line naming both. Only the same TerraformVariable object passed as
 *   `secretToken` to several apps of one stack may be shared: that is written on purpose.
 * Names are final when the app is synthesized; they are kept per cdktf app (the construct root).
 */
import { TerraformStack, type TerraformVariable } from "cdktf";
import type { IConstruct } from "constructs";
import type { Problem } from "./errors";

/** `<id>_secret_token`, made a valid Terraform identifier and environment variable name. */
export function tokenVariableName(id: string): string {
  const base = id.replace(/[^A-Za-z0-9_]/g, "_");
  return `${/^[A-Za-z_]/.test(base) ? base : `app_${base}`}_secret_token`;
}

/** `<stack>_<id>_secret_token`: the name used when several stacks declare the same app id. */
export function stackTokenVariableName(stackId: string, id: string): string {
  return tokenVariableName(`${stackId}_${id}`);
}

/** How a stack names its apps' default token variables (EntraTenantStackProps.tokenVariableNames). */
export type TokenVariableNaming = "auto" | "byApp" | "byStack";

interface Entry {
  readonly stack: TerraformStack;
  /** The naming of the stack, for default variables. */
  readonly naming?: TokenVariableNaming;
  readonly appId: string;
  /** `<stack>/<app>`. */
  readonly where: string;
  /** Present when the user passed their own variable. */
  readonly given?: TerraformVariable;
  /** Called with the final name of a default variable when it changes. */
  readonly rename?: (name: string) => void;
  name: string;
}

const registries = new WeakMap<IConstruct, TokenVariables>();

export class TokenVariables {
  /** The registry of the cdktf app `scope` belongs to. */
  public static of(scope: IConstruct): TokenVariables {
    const root = scope.node.root;
    let registry = registries.get(root);
    if (!registry) {
      registry = new TokenVariables();
      registries.set(root, registry);
    }
    return registry;
  }

  // Indexed, not scanned: a tenant with a thousand apps registers a thousand names.
  /** By `<where>`. */
  private readonly byWhere = new Map<string, Entry>();
  /** By final variable name, lowercased (Windows environments merge names that differ in case). */
  private readonly byName = new Map<string, Entry[]>();
  /** Default-variable apps by their default name, lowercased: the ones a same-id app in another stack renames. */
  private readonly byBase = new Map<string, Entry[]>();

  /**
   * Registers an app that declares its own variable. Returns the problem when its name would be
   * shared with another app's; otherwise `rename` is called now and whenever a later stack makes
   * the name change.
   */
  public declareDefault(
    stack: TerraformStack,
    appId: string,
    where: string,
    rename: (name: string) => void,
    naming: TokenVariableNaming = "auto",
  ): Problem | undefined {
    const base = tokenVariableName(appId);
    const entry: Entry = { stack, appId, where, rename, naming, name: base };
    const sameBase = this.byBase.get(base.toLowerCase()) ?? [];
    const sameStack = sameBase.find((e) => e.stack === stack);
    if (sameStack) return this.message(sameStack, sameStack.name);
    const group = [...sameBase, entry];
    const shared = group.some((e) => e.stack !== stack);
    const finalName = (e: Entry): string => {
      const mode = e.naming ?? "auto";
      if (mode === "byApp" || (mode === "auto" && !shared)) return base;
      return stackTokenVariableName(e.stack.node.id, e.appId);
    };
    const renamed = group.map((e) => ({ e, name: finalName(e) }));
    // Two "byApp" stacks that both keep the short name.
    const twin = renamed.find((r) => r.e !== entry && r.name.toLowerCase() === finalName(entry).toLowerCase());
    if (twin) return this.message(twin.e, twin.name);
    for (const { e, name } of renamed) {
      const clash = (this.byName.get(name.toLowerCase()) ?? []).find((other) => other !== e && !renamed.some((r) => r.e === other));
      if (clash) return this.message(clash, name);
    }
    for (const { e, name } of renamed) {
      if (e !== entry) this.unindexName(e);
      e.name = name;
      if (e !== entry) this.indexName(e);
      e.rename?.(name);
    }
    this.add(entry);
    this.byBase.set(base.toLowerCase(), [...sameBase, entry]);
    return undefined;
  }

  /** Registers an app whose `secretToken` is a TerraformVariable the user declared. */
  public declareGiven(stack: TerraformStack, appId: string, where: string, variable: TerraformVariable): Problem | undefined {
    const name = TerraformStack.of(variable).getLogicalId(variable);
    const entry: Entry = { stack, appId, where, given: variable, name };
    const clash = (this.byName.get(name.toLowerCase()) ?? []).find((e) => !(e.given === variable && e.stack === stack));
    if (clash) return this.message(clash, name);
    this.add(entry);
    return undefined;
  }

  /** The final variable name of an app registered under `where`. */
  public nameOf(where: string): string | undefined {
    return this.byWhere.get(where)?.name;
  }

  private add(entry: Entry): void {
    this.byWhere.set(entry.where, entry);
    this.indexName(entry);
  }

  private indexName(entry: Entry): void {
    const key = entry.name.toLowerCase();
    this.byName.set(key, [...(this.byName.get(key) ?? []), entry]);
  }

  private unindexName(entry: Entry): void {
    const key = entry.name.toLowerCase();
    const rest = (this.byName.get(key) ?? []).filter((e) => e !== entry);
    if (rest.length > 0) this.byName.set(key, rest);
    else this.byName.delete(key);
  }

  private message(clash: Entry, name: string): Problem {
    return {
      field: "secretToken",
      message:
        `the token variable ${name} (TF_VAR_${name}) would also be read by ${clash.where}, so one app would get the other's token; ` +
        `expected one variable per app: rename one of the apps, or pass one of them secretToken: new TerraformVariable(stack, "<unique_name>", { type: "string", sensitive: true })`,
    };
  }
}
