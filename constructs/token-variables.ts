/**
 * Token variables are unique per app across the whole cdktf app.
 *
 * `cdktf deploy '*'` runs every stack with the same environment, so two stacks that each declare a
 * variable `ipass_secret_token` would both read `TF_VAR_ipass_secret_token`: one tenant's token
 * would be sent to the other. The rule:
 * - an app's default variable is `<id>_secret_token`;
 * - when apps with the same id (after sanitizing) declare default variables in two or more stacks,
 *   each of them is named `<stack>_<id>_secret_token` instead (so adding a second tenant that
 *   declares `ipass` renames the first tenant's variable: the synth summary and the manifests show
 *   the new names, and a deploy without them fails on the missing variable, never silently);
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

interface Entry {
  readonly stack: TerraformStack;
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

  private readonly entries: Entry[] = [];

  /**
   * Registers an app that declares its own variable. Returns the problem when its name would be
   * shared with another app's; otherwise `rename` is called now and whenever a later stack makes
   * the name change.
   */
  public declareDefault(stack: TerraformStack, appId: string, where: string, rename: (name: string) => void): Problem | undefined {
    const base = tokenVariableName(appId);
    const entry: Entry = { stack, appId, where, rename, name: base };
    const sameBase = this.entries.filter((e) => e.rename && tokenVariableName(e.appId).toLowerCase() === base.toLowerCase());
    const sameStack = sameBase.find((e) => e.stack === stack);
    if (sameStack) return this.message(sameStack, sameStack.name);
    const otherStacks = sameBase.some((e) => e.stack !== stack);
    const renamed = otherStacks ? [...sameBase, entry].map((e) => ({ e, name: stackTokenVariableName(e.stack.node.id, e.appId) })) : [{ e: entry, name: base }];
    for (const { e, name } of renamed) {
      const clash = this.entries.find((other) => other !== e && !renamed.some((r) => r.e === other) && other.name.toLowerCase() === name.toLowerCase());
      if (clash) return this.message(clash, name);
    }
    for (const { e, name } of renamed) {
      e.name = name;
      e.rename?.(name);
    }
    this.entries.push(entry);
    return undefined;
  }

  /** Registers an app whose `secretToken` is a TerraformVariable the user declared. */
  public declareGiven(stack: TerraformStack, appId: string, where: string, variable: TerraformVariable): Problem | undefined {
    const name = TerraformStack.of(variable).getLogicalId(variable);
    const entry: Entry = { stack, appId, where, given: variable, name };
    const clash = this.entries.find((e) => e.name.toLowerCase() === name.toLowerCase() && !(e.given === variable && e.stack === stack));
    if (clash) return this.message(clash, name);
    this.entries.push(entry);
    return undefined;
  }

  /** The final variable name of an app registered under `where`. */
  public nameOf(where: string): string | undefined {
    return this.entries.find((e) => e.where === where)?.name;
  }

  /** Every registered variable name with the apps reading it, for the synth summary. */
  public all(): ReadonlyArray<{ readonly where: string; readonly name: string; readonly stack: string }> {
    return this.entries.map((e) => ({ where: e.where, name: e.name, stack: e.stack.node.id }));
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
