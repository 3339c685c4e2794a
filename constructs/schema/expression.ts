/**
 * Entra's expression language in Graph's form (attributeMappingSource). The language itself (parser,
 * function catalogue, evaluator) lives in expressions/, free of cdktf, shared with the sandbox.
 */
import { ExpressionError, MAX_EXPRESSION_DEPTH, MAX_EXPRESSION_LENGTH, parseExpression, type Expression } from "../../expressions/parser";
import { FUNCTIONS, type FunctionSpec } from "../../expressions/functions";

export { ExpressionError, MAX_EXPRESSION_DEPTH, MAX_EXPRESSION_LENGTH, parseExpression, type Expression };

/** Graph's attributeMappingSource (graph-sync.md section 1). */
export interface GraphSource {
  readonly expression: string;
  readonly name: string;
  readonly parameters: ReadonlyArray<{ readonly key: string; readonly value: GraphSource }>;
  readonly type: "Attribute" | "Constant" | "Function";
}

/**
 * Converts a parsed expression to Graph's form. `text` is the expression it was parsed from:
 * each Function's `expression` is its own text as written.
 */
export function toGraphSource(node: Expression, text: string): GraphSource {
  const constant = (value: string): GraphSource => ({ expression: `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`, name: value, parameters: [], type: "Constant" });
  switch (node.kind) {
    case "attribute":
      return { expression: `[${node.name}]`, name: node.name, parameters: [], type: "Attribute" };
    case "string":
      return constant(node.value);
    case "number":
      return constant(node.raw);
    case "enum":
      return constant(node.name);
    case "comparison":
      // UNCONFIRMED: how Graph's parseExpression represents an IIF/CBool condition. We send the
      // condition's text with its operands; Graph evaluates `expression`.
      return {
        expression: text.slice(node.start, node.end),
        name: node.operator,
        parameters: [
          { key: "left", value: toGraphSource(node.left, text) },
          { key: "right", value: toGraphSource(node.right, text) },
        ],
        type: "Function",
      };
    case "call": {
      const spec = FUNCTIONS.get(node.name) as FunctionSpec;
      const parameters: Array<{ key: string; value: GraphSource }> = [];
      node.args.forEach((arg, i) => {
        if (arg === null) return; // omitted optional argument: Graph leaves it out
        const key = i < spec.params.length ? spec.params[i].key : (spec.rest as NonNullable<FunctionSpec["rest"]>).key(i - spec.params.length + 1);
        parameters.push({ key, value: toGraphSource(arg, text) });
      });
      return { expression: text.slice(node.start, node.end), name: node.name, parameters, type: "Function" };
    }
  }
}

const graphSources = new Map<string, GraphSource>();

/**
 * Parses and converts in one step; the top-level `expression` is the text as written (trimmed).
 * Results are cached and shared (treat them as immutable): a tenant with hundreds of apps repeats
 * the same default expressions, and sharing keeps synth memory flat.
 */
export function expressionToGraphSource(text: string): GraphSource {
  const trimmed = text.trim();
  let source = graphSources.get(trimmed);
  if (source === undefined) {
    source = toGraphSource(parseExpression(trimmed), trimmed);
    graphSources.set(trimmed, source);
  }
  return source;
}
