/** Reading `[attribute]` from a source record, and finding the attributes an expression reads. */
import type { Expression } from "./parser";
import type { SourceRecord, SourceValue } from "./types";
import { RoleAssignments, type Val } from "./values";

/** The source value as the evaluator's value: app role assignments stay structured. */
export function fromSource(value: SourceValue): Val {
  if (value === undefined || value === null) return null;
  if (typeof value === "string" || typeof value === "boolean" || typeof value === "number") return value;
  if (value.length > 0 && typeof value[0] === "object") return new RoleAssignments(value as RoleAssignments["roles"]);
  return value as readonly string[];
}

/**
 * The value of `[name]`: the exact name first, then case-insensitively (UNCONFIRMED: the reference
 * says the syntax is case-sensitive, and Entra's attribute names are not; a name differing only in
 * case is taken to mean the attribute). An absent attribute is null.
 */
export function lookup(source: SourceRecord, name: string): Val {
  const direct = source[name];
  // Text, booleans and numbers are never inherited (Object.prototype holds only functions and objects).
  if (typeof direct === "string" || typeof direct === "boolean" || typeof direct === "number") return direct;
  if (Object.prototype.hasOwnProperty.call(source, name)) return fromSource(direct);
  const lower = name.toLowerCase();
  for (const key in source) {
    if (key.length === name.length && key.toLowerCase() === lower && Object.prototype.hasOwnProperty.call(source, key)) return fromSource(source[key]);
  }
  return null;
}

/** Attribute references anywhere under a node. */
export function attributesIn(node: Expression | null, out: string[] = []): string[] {
  if (node === null) return out;
  if (node.kind === "attribute") out.push(node.name);
  else if (node.kind === "call") for (const a of node.args) attributesIn(a, out);
  else if (node.kind === "comparison") {
    attributesIn(node.left, out);
    attributesIn(node.right, out);
  }
  return out;
}

