/**
 * One object through a Graph objectMapping: each attributeMapping's source evaluated, the default
 * value applied, and only the attributes that have a value kept (customize-application-attributes.md:
 * "The Microsoft Entra provisioning service doesn't support provisioning null values").
 *
 * - Direct (source type Attribute): the attribute's value; Constant: the constant; Expression
 *   (Function): the expression, from the source's `expression` text (Graph fills it in; the
 *   keyed parameters are printed back to text when it is missing).
 * - defaultValue: used when the source has no value, and only when the object is created ("The
 *   default value when null isn't provisioned when updating an existing user"). A mapping with no
 *   source is its default value (the portal's Constant is also written this way).
 * - flowType: ObjectAddOnly ("Only during creation") and AttributeAddOnly flow on create only;
 *   MultiValueAddOnly and ValueAddOnly decide how values are merged into the target's, not whether
 *   they flow. flowBehavior (FlowWhenChanged / FlowAlways) decides when an update is sent, not
 *   what: neither changes the attributes computed here.
 * - IgnoreFlowIfNullOrEmpty: the attribute is dropped, default value included.
 * - An empty string is a value and flows (hr-user-creation-issues.md: the service "tries to flow
 *   the value as-is").
 * - A disabled object mapping (`enabled: false`) provisions nothing.
 */
import { EvaluationError } from "./errors";
import { Context, evaluateInContext } from "./evaluate";
import { printSource, UnprintableSource } from "./graph-source";
import { ExpressionError } from "./parser";
import type { AttributeMappingInput, EvalValue, MapOptions, MappedObject, MappingError, ObjectMappingInput, SourceRecord, TargetAttributeDefinition } from "./types";

/** Flow types that flow only when the object is created. */
const CREATE_ONLY = new Set(["objectaddonly", "attributeaddonly"]);

/** The expression text of a mapping's source, or null when it has none. */
export function sourceText(m: AttributeMappingInput): string | null {
  const s = m.source;
  if (s === null || s === undefined) return null;
  if (typeof s.expression === "string" && s.expression.trim() !== "") return s.expression;
  // A source without `expression`: Attribute and Constant are their name; a Function is printed.
  return printSource(s);
}

/**
 * Converts a value to the target attribute's type. UNCONFIRMED: how Entra converts is not
 * documented; text True/False becomes a Boolean, whole-number text an Integer, booleans and
 * numbers become text for a String attribute. What does not convert is kept as it is.
 */
function convert(value: Exclude<EvalValue, null>, definition: TargetAttributeDefinition | undefined): Exclude<EvalValue, null> {
  const type = definition?.type?.toLowerCase();
  if (type === undefined || Array.isArray(value)) return value;
  if (type === "boolean" && typeof value === "string") {
    const lower = value.trim().toLowerCase();
    return lower === "true" ? true : lower === "false" ? false : value;
  }
  if (type === "integer" && typeof value === "string" && /^\s*[+-]?\d+\s*$/.test(value)) {
    const n = Number(value);
    return Number.isSafeInteger(n) ? n : value;
  }
  if (type === "string" && typeof value === "boolean") return value ? "True" : "False";
  if (type === "string" && typeof value === "number") return String(value);
  return value;
}

const definitionMaps = new WeakMap<readonly TargetAttributeDefinition[], ReadonlyMap<string, TargetAttributeDefinition>>();

/** The definitions by lower-case name (made once per list: mapObject runs for every user). */
function definitionsOf(list: readonly TargetAttributeDefinition[] | undefined): ReadonlyMap<string, TargetAttributeDefinition> | undefined {
  if (list === undefined || list.length === 0) return undefined;
  let map = definitionMaps.get(list);
  if (map === undefined) {
    map = new Map(list.map((d) => [d.name.toLowerCase(), d]));
    definitionMaps.set(list, map);
  }
  return map;
}

/** The attributes a target app receives for one object from a Graph objectMapping. */
export function mapObject(objectMapping: ObjectMappingInput, source: SourceRecord, options: MapOptions = {}): MappedObject {
  const attributes: Record<string, Exclude<EvalValue, null>> = {};
  const errors: MappingError[] = [];
  if (objectMapping.enabled === false) return { attributes };
  const creating = (options.operation ?? "create") === "create";
  const definitions = definitionsOf(options.targetAttributes);
  const ctx = new Context(source, options);
  for (const m of objectMapping.attributeMappings) {
    const target = m.targetAttributeName;
    if (!creating && CREATE_ONLY.has((m.flowType ?? "Always").toLowerCase())) continue;
    let value: EvalValue;
    try {
      const text = sourceText(m);
      if (text === null) {
        value = null;
      } else {
        ctx.forAttribute(target);
        const result = evaluateInContext(text, ctx);
        if (result.ignore) continue;
        value = result.value;
      }
    } catch (err) {
      if (err instanceof EvaluationError || err instanceof ExpressionError || err instanceof UnprintableSource) {
        errors.push({ attribute: target, message: err instanceof ExpressionError ? `cannot parse the expression: ${err.message}` : err.message });
        continue;
      }
      throw err;
    }
    if (value === null && creating && m.defaultValue !== null && m.defaultValue !== undefined) value = m.defaultValue;
    if (value === null) continue;
    attributes[target] = definitions === undefined ? value : convert(value, definitions.get(target.toLowerCase()));
  }
  return errors.length > 0 ? { attributes, errors } : { attributes };
}
