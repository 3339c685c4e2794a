import { expressionToGraphSource, ExpressionError, FUNCTIONS, parseExpression } from "../../constructs/schema";
import { MALFORMED, PUBLISHED_EXAMPLES } from "../fixtures/expressions";

describe("expression parser", () => {
  test("the catalog holds the 43 functions of Microsoft's reference and AssertiveAppRoleAssignmentsComplex", () => {
    expect(FUNCTIONS.size).toBe(44);
  });

  test.each(PUBLISHED_EXAMPLES.map((e) => [e]))("parses the published example %s", (text) => {
    expect(() => parseExpression(text)).not.toThrow();
    // And the Graph form round-trips the text as written.
    expect(expressionToGraphSource(text).expression).toBe(text.trim());
  });

  test.each(MALFORMED.map(([text, message]) => [text, message]))("rejects %p", (text, message) => {
    let error: unknown;
    try {
      parseExpression(text);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ExpressionError);
    expect((error as Error).message).toBe(message);
  });

  test("errors carry line and column", () => {
    try {
      parseExpression('Join(" ", [a], Foo())');
      throw new Error("not thrown");
    } catch (err) {
      expect(err).toMatchObject({ line: 1, column: 16, reason: 'unknown function "Foo"; expected one of the functions in Entra\'s reference (docs/mappings.md)' });
    }
  });
});

describe("Graph attributeMappingSource", () => {
  test("an attribute", () => {
    expect(expressionToGraphSource("[mail]")).toEqual({ expression: "[mail]", name: "mail", parameters: [], type: "Attribute" });
  });

  test("a constant keeps its quoted expression and its raw name (escapes undone)", () => {
    expect(expressionToGraphSource('"Company \\"A\\""')).toEqual({
      expression: '"Company \\"A\\""',
      name: 'Company "A"',
      parameters: [],
      type: "Constant",
    });
  });

  test("Mid, as in Graph's documentation sample", () => {
    expect(expressionToGraphSource("Mid([userPrincipalName], 1, 8)")).toEqual({
      expression: "Mid([userPrincipalName], 1, 8)",
      name: "Mid",
      type: "Function",
      parameters: [
        { key: "source", value: { expression: "[userPrincipalName]", name: "userPrincipalName", parameters: [], type: "Attribute" } },
        { key: "start", value: { expression: '"1"', name: "1", parameters: [], type: "Constant" } },
        { key: "length", value: { expression: '"8"', name: "8", parameters: [], type: "Constant" } },
      ],
    });
  });

  test("Replace with omitted arguments sends only the given ones, with Graph's keys", () => {
    const source = expressionToGraphSource('Replace([preferredLanguage], "-", , , "_", , )');
    expect(source.parameters.map((p) => [p.key, p.value.name])).toEqual([
      ["source", "preferredLanguage"],
      ["Find", "-"],
      ["Replacement", "_"],
    ]);
  });

  test("Join numbers its sources; nested functions keep their own text", () => {
    const source = expressionToGraphSource('Join(" ", [givenName], ToUpper([surname]))');
    expect(source.parameters.map((p) => [p.key, p.value.type, p.value.expression])).toEqual([
      ["separator", "Constant", '" "'],
      ["source1", "Attribute", "[givenName]"],
      ["source2", "Function", "ToUpper([surname])"],
    ]);
  });

  test("Switch names its key/value pairs and skips the omitted default", () => {
    const source = expressionToGraphSource('Switch([IsSoftDeleted], , "False", "True", "True", "False")');
    expect(source.parameters.map((p) => `${p.key}=${p.value.name}`)).toEqual([
      "source=IsSoftDeleted",
      "key1=False",
      "value1=True",
      "key2=True",
      "value2=False",
    ]);
  });
});
