import { Testing } from "cdktf";
import { EntraTenantStack, type EntraTenantStackProps } from "../constructs";

/** A fresh test app with one tenant stack named `test`. */
export function newStack(props: Partial<EntraTenantStackProps> = {}, id = "test"): EntraTenantStack {
  return new EntraTenantStack(Testing.app(), id, { tenantId: "contoso.onmicrosoft.com", ...props });
}

/** The synthesized Terraform JSON of a stack. */
export function synth(stack: EntraTenantStack): any {
  return JSON.parse(Testing.synth(stack));
}

/** All resources (or data sources with `data: true`) of a Terraform type, by logical id. */
export function byType(json: any, type: string, data = false): Record<string, any> {
  return (data ? json.data : json.resource)?.[type] ?? {};
}

/** The only resource of a type; fails the test when there is not exactly one. */
export function only(json: any, type: string, data = false): any {
  const all = Object.values(byType(json, type, data));
  if (all.length !== 1) throw new Error(`expected exactly one ${type}, found ${all.length}`);
  return all[0];
}

/** The message a function throws (fails the test if it does not throw). */
export function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error("expected an error, none was thrown");
}
