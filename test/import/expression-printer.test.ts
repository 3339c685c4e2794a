/**
 * The printer from Graph's attributeMappingSource tree to the portal's expression text: what it
 * prints parses back (constructs/schema/expression.ts) to the same tree, omitted optional
 * arguments keep their positions, and what the syntax cannot carry is refused by name.
 */
import { expressionToGraphSource } from "../../constructs/schema/expression";
import { printSource, UnprintableSource } from "../../cli/import/expression-printer";
import { sameSource } from "../../cli/import/schema-diff";

const attr = (name: string) => ({ expression: `[${name}]`, name, parameters: [], type: "Attribute" as const });
const constant = (name: string) => ({ expression: JSON.stringify(name), name, parameters: [], type: "Constant" as const });

describe("printSource", () => {
  test.each([
    "[mail]",
    '"Sales"',
    'Join(" ", [givenName], [surname])',
    'Replace([mail], "@contoso.com", , , "")',
    'Switch([IsSoftDeleted], , "False", "True", "True", "False")',
    'IIF([country] = "US", ToUpper([surname]), PCase([surname]))',
    'Coalesce([employeeId], Mid([objectId], 1, 8))',
    'InStr([mail], "@", , vbTextCompare)',
    '"a \\"quoted\\" \\\\ backslash ${not a template} %{nor this}"',
  ])("%s prints back exactly and parses to the same tree", (text) => {
    const tree = expressionToGraphSource(text);
    expect(printSource(tree)).toBe(text);
    expect(expressionToGraphSource(printSource(tree))).toEqual(tree);
  });

  test("Microsoft's Mid sample (keys source/start/length, numeric constants quoted) prints as the portal shows it", () => {
    const mid = { expression: "Mid([userPrincipalName], 1, 8)", name: "Mid", type: "Function" as const, parameters: [{ key: "source", value: attr("userPrincipalName") }, { key: "start", value: constant("1") }, { key: "length", value: constant("8") }] };
    expect(printSource(mid)).toBe("Mid([userPrincipalName], 1, 8)");
  });

  test("Graph's Replace keys (Find, Replacement) place the arguments, the omitted ones stay empty", () => {
    const replace = { name: "Replace", type: "Function" as const, parameters: [{ key: "source", value: attr("preferredLanguage") }, { key: "Find", value: constant("-") }, { key: "Replacement", value: constant("_") }] };
    expect(printSource(replace)).toBe('Replace([preferredLanguage], "-", , , "_")');
  });

  test("unknown keys follow the source's own expression text when it agrees with the tree", () => {
    // Keys "key"/"value" are not the catalog's (key1/value1): the text keeps the omitted default's slot.
    const s = { expression: 'Switch([userType], , "Guest", "External")', name: "Switch", type: "Function" as const, parameters: [{ key: "source", value: attr("userType") }, { key: "key", value: constant("Guest") }, { key: "value", value: constant("External") }] };
    expect(printSource(s)).toBe('Switch([userType], , "Guest", "External")');
  });

  test("a source without type is an Attribute (Graph's default)", () => {
    expect(printSource({ name: "mail" })).toBe("[mail]");
  });

  test.each([
    [{ name: "Frobnicate", type: "Function" as const, parameters: [] }, 'function "Frobnicate" is not in Entra\'s function reference'],
    [{ name: "bad]name", type: "Attribute" as const }, 'attribute name "bad]name" cannot be written as [name]'],
    [{ name: "", type: "Attribute" as const }, 'attribute name "" cannot be written as [name]'],
  ])("refuses %j by name", (source, message) => {
    expect(() => printSource(source)).toThrow(new UnprintableSource(message));
  });

  test("sameSource compares meaning: Graph's expression texts and parameter keys do not count", () => {
    const ours = expressionToGraphSource("Mid([userPrincipalName], 1, 8)");
    const graphs = { expression: "Mid([userPrincipalName],1,8)", name: "Mid", type: "Function" as const, parameters: [{ key: "source", value: attr("userPrincipalName") }, { key: "start", value: constant("1") }, { key: "length", value: constant("8") }] };
    expect(sameSource(ours, graphs)).toBe(true);
    expect(sameSource(ours, expressionToGraphSource("Mid([userPrincipalName], 1, 9)"))).toBe(false);
    expect(sameSource(null, undefined)).toBe(true);
    expect(sameSource(null, ours)).toBe(false);
  });
});
