/**
 * A mapping changes only what it declares, and attribute definitions the app's schema lacks can be
 * added and mapped: the locals synth emits, evaluated with a real terraform over the fixture
 * schemas (test/fixtures/schemas), as the portal's Edit Attribute and Edit attribute list behave.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Connectors, ScimProvisionedApp, type Connector, type ScimProvisionedAppProps } from "../../constructs";
import { newStack, synth } from "../helpers";
import { mergeObject } from "../support/msgraph-merge";
import { describeWithTerraform, SchemaEvaluator } from "../support/terraform-eval";

const fixture = (name: string): any[] => JSON.parse(readFileSync(join(__dirname, "..", "fixtures", "schemas", `${name}.json`), "utf8"));
const TEMPLATES = ["users-first", "groups-first", "two-rules"] as const;

const objectMapping = (rules: any[], source: string) => rules.flatMap((r) => r.objectMappings).find((om: any) => om.sourceObjectName === source);
const mappingOf = (rules: any[], source: string, target: string) =>
  objectMapping(rules, source).attributeMappings.find((m: any) => m.targetAttributeName.toLowerCase() === target.toLowerCase());
const directoryObject = (directories: any[], directory: string, object: string) =>
  directories.find((d) => d.name === directory).objects.find((o: any) => o.name === object);
const attributeOf = (directories: any[], directory: string, object: string, name: string) =>
  directoryObject(directories, directory, object).attributes.find((a: any) => a.name.toLowerCase() === name.toLowerCase());

/** A directory with its objects sorted by name and their attributes by lower-cased name, as the merge writes it. */
function sortedByName(directory: any): any {
  const by = (key: (x: any) => string) => (a: any, b: any) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
  return {
    ...directory,
    objects: [...directory.objects].sort(by((o) => o.name)).map((o: any) => ({ ...o, attributes: [...o.attributes].sort(by((a) => a.name.toLowerCase())) })),
  };
}

function synthApp(props: Partial<ScimProvisionedAppProps> & { connector?: Connector }): any {
  const stack = newStack();
  new ScimProvisionedApp(stack, "app", { connector: Connectors.iprova(), ...props } as ScimProvisionedAppProps);
  return synth(stack);
}

/** users-first with its userName mapping's every field away from Entra's defaults. */
function customizedTemplate(): any[] {
  const rules = fixture("users-first");
  Object.assign(mappingOf(rules, "User", "userName"), {
    defaultValue: "unknown@contoso.com",
    exportMissingReferences: true,
    flowBehavior: "FlowAlways",
    flowType: "ObjectAddOnly",
  });
  return rules;
}

const UPN_REWRITE = { target: "userName", source: "ToLower([userPrincipalName], )" };

describeWithTerraform("a mapping changes only what it declares (real terraform)", () => {
  const tf = new SchemaEvaluator();

  describe.each(TEMPLATES)("the UPN rewrite on iProva over %s", (name) => {
    const template = fixture(name);
    const json = synthApp({ userMappings: [UPN_REWRITE] });
    const result = tf.evaluate(json, "app", template);

    test("passes the plan-time checks and keeps matching precedence 1 on userName", () => {
      expect(result.problems).toEqual([]);
      expect(mappingOf(result.rules, "User", "userName").matchingPriority).toBe(1);
    });

    test("changes the source and nothing else of the template's userName mapping", () => {
      const before = mappingOf(template, "User", "userName");
      expect(mappingOf(result.rules, "User", "userName")).toEqual({
        ...before,
        source: {
          expression: "ToLower([userPrincipalName], )",
          name: "ToLower",
          parameters: [{ key: "source", value: { expression: "[userPrincipalName]", name: "userPrincipalName", parameters: [], type: "Attribute" } }],
          type: "Function",
        },
      });
    });

    test("declaring matching: 1 with the expression source gives the same schema", () => {
      const explicit = tf.evaluate(synthApp({ userMappings: [{ ...UPN_REWRITE, matching: 1 }] }), "app", template);
      expect(explicit.problems).toEqual([]);
      expect(explicit.rules).toEqual(result.rules);
    });

    test("a second plan over the deployed schema passes and writes the same", () => {
      const again = tf.evaluate(json, "app", result.rules, template);
      expect(again.problems).toEqual([]);
      expect(again.rules).toEqual(result.rules);
    });
  });

  test("a source-only redeclaration keeps the template's matching precedence, apply mode, default value and flow behaviour", () => {
    const template = customizedTemplate();
    const { rules, problems } = tf.evaluate(synthApp({ userMappings: [{ target: "USERNAME", source: "[mail]" }] }), "app", template);
    expect(problems).toEqual([]);
    const before = mappingOf(template, "User", "userName");
    const after = mappingOf(rules, "User", "userName");
    expect(after).toEqual({ ...before, targetAttributeName: "USERNAME", source: { expression: "[mail]", name: "mail", parameters: [], type: "Attribute" } });
    expect(after).toMatchObject({ matchingPriority: 1, flowType: "ObjectAddOnly", defaultValue: "unknown@contoso.com", flowBehavior: "FlowAlways", exportMissingReferences: true });
  });

  test.each([
    ["apply", { apply: "always" as const }, { flowType: "Always" }],
    ["defaultValue", { defaultValue: "nobody@contoso.com" }, { defaultValue: "nobody@contoso.com" }],
    ["matching", { matching: 2 }, { matchingPriority: 2 }],
  ])("declaring only %s changes only that field", (_field, declared, changed) => {
    const template = customizedTemplate();
    // Precedence 2 alone would leave no matching attribute 1: the template keeps userName's until it is declared.
    const { rules, problems } = tf.evaluate(synthApp({ userMappings: [{ target: "userName", ...declared }] }), "app", template);
    expect(problems).toEqual([]);
    expect(mappingOf(rules, "User", "userName")).toEqual({ ...mappingOf(template, "User", "userName"), ...changed });
  });

  test('matching: false says "not a matching attribute": another mapping can then take precedence 1', () => {
    const template = fixture("users-first");
    const declarations = [
      { target: "userName", matching: false as const },
      { target: "externalId", source: "[objectId]", matching: 1 },
    ];
    const { rules, problems } = tf.evaluate(synthApp({ userMappings: declarations }), "app", template);
    expect(problems).toEqual([]);
    expect(mappingOf(rules, "User", "userName")).toEqual({ ...mappingOf(template, "User", "userName"), matchingPriority: 0 });
    expect(mappingOf(rules, "User", "externalId")).toMatchObject({ matchingPriority: 1, source: { name: "objectId" } });
    // Without the first declaration the plan says which mapping to declare, and how.
    expect(tf.evaluate(synthApp({ userMappings: [declarations[1]] }), "app", template).problems).toEqual([
      'test/app: userMappings[0] (externalId).matching: precedence 1 is also used by "userName" in the app\'s live schema; expected a precedence no other mapping uses, or declare those mappings too (matching: false says "not a matching attribute")',
    ]);
  });

  test('mappingMode "replace" keeps its meaning: the declared mappings are the whole list, undeclared fields are Entra\'s defaults', () => {
    const template = customizedTemplate();
    const { rules, problems } = tf.evaluate(
      synthApp({ mappingMode: "replace", userMappings: [{ target: "userName", source: "[mail]", matching: 1 }, { target: "displayName", source: "[displayName]" }] }),
      "app",
      template,
    );
    expect(problems).toEqual([]);
    expect(objectMapping(rules, "User").attributeMappings.map((m: any) => m.targetAttributeName)).toEqual(["displayName", "userName"]);
    // Declared fields and Entra's defaults; only what no declaration can set (flowBehavior, exportMissingReferences) is the app's.
    expect(mappingOf(rules, "User", "userName")).toEqual({
      defaultValue: null,
      exportMissingReferences: true,
      flowBehavior: "FlowAlways",
      flowType: "Always",
      matchingPriority: 1,
      source: { expression: "[mail]", name: "mail", parameters: [], type: "Attribute" },
      targetAttributeName: "userName",
    });
    expect(mappingOf(rules, "User", "displayName").matchingPriority).toBe(0);
  });

  test("a shared-attribute source on a mapping that keeps the app's matching precedence: a plan-time warning, not a failure", () => {
    const json = synthApp({ userMappings: [{ target: "userName", source: 'Join(".", [givenName], [surname])' }, { target: "title", source: "[department]" }] });
    const result = tf.evaluate(json, "app", fixture("users-first"));
    expect(result.problems).toEqual([]);
    expect(result.warnings).toEqual([
      'test/app: userMappings[0] (userName).source: the matching attribute "userName" is computed from [givenName], [surname], which two users can share; Entra then updates the wrong account in the app or stops at the duplicate; a unique attribute such as [userPrincipalName], [mail], [objectId] or [employeeId] is safer (learn.microsoft.com/entra/identity/app-provisioning/customize-application-attributes#matching-users-in-the-source-and-target--systems)',
    ]);
    // The check block warns with those lines; it never fails the plan.
    const [check] = Object.values(json.check).filter((c: any) => !c.data) as any[];
    expect(check.assert).toEqual([{ condition: expect.stringMatching(/^\$\{length\(local\.app_schema_warnings_\w+\) == 0\}$/), error_message: expect.stringMatching(/^\$\{join\("\\n", local\.app_schema_warnings_\w+\)\}$/) }]);
    // Not matching in the merged schema (matching: false declared elsewhere moves it): no warning.
    const moved = tf.evaluate(
      synthApp({ userMappings: [{ target: "userName", source: "[displayName]", matching: false }, { target: "externalId", source: "[objectId]", matching: 1 }] }),
      "app",
      fixture("users-first"),
    );
    expect(moved.warnings).toBeUndefined();
    expect(tf.evaluate(synthApp({ userMappings: [{ target: "title", source: "[displayName]" }] }), "app", fixture("users-first")).warnings).toEqual([]);
  });

  test("declarations that pass synth pass the plan-time checks over every template fixture", () => {
    const passing: Array<ScimProvisionedAppProps["userMappings"]> = [
      [UPN_REWRITE],
      [{ ...UPN_REWRITE, matching: 1 }],
      [{ target: "userName", source: 'Replace([userPrincipalName], "@old.example", , , "@new.example", , )' }],
      [{ target: "userName", apply: "onCreateOnly" }],
      [{ target: "title", defaultValue: "Employee" }],
      [{ target: "userName", matching: false }, { target: "externalId", source: "[objectId]", matching: 1 }],
      [{ target: "externalId", source: "ToLower([mail])", matching: 2 }],
      [{ target: "nickName", source: "[mailNickname]", apply: "onCreateOnly" }],
    ];
    for (const userMappings of passing) {
      const json = synthApp({ userMappings });
      for (const name of TEMPLATES) expect({ userMappings, name, problems: tf.evaluate(json, "app", fixture(name)).problems }).toEqual({ userMappings, name, problems: [] });
    }
  });
});

describeWithTerraform("attributes the app's schema lacks (real terraform)", () => {
  const tf = new SchemaEvaluator();
  const directories = fixture("directories-customappsso");
  const BADGE = "urn:ietf:params:scim:schemas:extension:acme:2.0:User:badge";

  describe.each(TEMPLATES)("over %s", (name) => {
    const template = fixture(name);
    const json = synthApp({
      targetAttributes: {
        users: [{ name: BADGE }, { name: "roles", multivalued: true }, { name: "TITLE", required: true }],
        groups: [{ name: "urn:ietf:params:scim:schemas:extension:acme:2.0:Group:costCenter", type: "Integer" }],
      },
      userMappings: [
        { target: BADGE, source: "[extensionAttribute1]" },
        { target: "roles", source: "SingleAppRoleAssignment([appRoleAssignments])" },
      ],
      groupMappings: [{ target: "urn:ietf:params:scim:schemas:extension:acme:2.0:Group:costCenter", source: "[mailNickname]" }],
    });
    const result = tf.evaluate(json, "app", template, template, directories);

    test("a custom target attribute appears in the directory definition of the object its mappings write to, and can be mapped", () => {
      expect(result.problems).toEqual([]);
      const out = result.directories as any[];
      expect(attributeOf(out, "customappsso", "User", BADGE)).toEqual({ multivalued: false, name: BADGE, required: false, type: "String" });
      expect(attributeOf(out, "customappsso", "User", "roles")).toEqual({ multivalued: true, name: "roles", required: false, type: "String" });
      expect(attributeOf(out, "customappsso", "Group", "urn:ietf:params:scim:schemas:extension:acme:2.0:Group:costCenter")).toMatchObject({ type: "Integer" });
      expect(mappingOf(result.rules, "User", BADGE)).toMatchObject({ source: { name: "extensionAttribute1" }, matchingPriority: 0 });
    });

    test("an attribute the app already lists changes only the declared fields (matched by name, case-insensitively)", () => {
      const before = attributeOf(directories, "customappsso", "User", "title");
      expect(attributeOf(result.directories as any[], "customappsso", "User", "title")).toEqual({ ...before, name: "TITLE", required: true });
    });

    test("every other directory, object and attribute is exactly as Graph returned it (sorted by name)", () => {
      const out = result.directories as any[];
      expect(out.map((d) => d.name)).toEqual(["Azure Active Directory", "customappsso"]);
      expect(out.find((d) => d.name === "Azure Active Directory")).toEqual(sortedByName(directories.find((d) => d.name === "Azure Active Directory")));
      const { objects: _o, ...rest } = directories.find((d) => d.name === "customappsso");
      expect(out.find((d) => d.name === "customappsso")).toMatchObject(rest);
      for (const object of ["User", "Group"]) {
        for (const a of directoryObject(directories, "customappsso", object).attributes) {
          if (a.name === "title") continue;
          expect(attributeOf(out, "customappsso", object, a.name)).toEqual(a);
        }
      }
    });

    test("the result does not depend on the order Graph returns directories, objects and attributes in, and a second plan writes the same", () => {
      const shuffled = [...directories].reverse().map((d) => ({ ...d, objects: [...d.objects].reverse().map((o: any) => ({ ...o, attributes: [...o.attributes].reverse() })) }));
      expect(tf.evaluate(json, "app", template, template, shuffled).directories).toEqual(result.directories);
      const second = tf.evaluate(json, "app", result.rules, template, result.directories);
      expect(second.problems).toEqual([]);
      expect(second.directories).toEqual(result.directories);
    });

    test("the provider's index-based MergeObject of the body over the live document (shuffled) gives exactly our directories", () => {
      const shuffled = [...directories].reverse().map((d) => ({ ...d, objects: [...d.objects].reverse().map((o: any) => ({ ...o, attributes: [...o.attributes].reverse() })) }));
      const liveDoc = { id: "customappsso", version: "Date:2026-11-01", directories: shuffled, synchronizationRules: template };
      const sent = mergeObject(liveDoc, { synchronizationRules: result.rules, directories: result.directories }) as any;
      expect(sent.directories).toEqual(result.directories);
      expect(sent.synchronizationRules).toEqual(result.rules);
    });
  });

  test("a target object the live schema does not define fails the plan with one line", () => {
    const json = synthApp({ targetAttributes: { users: [{ name: "roles" }] } });
    const withoutScim = fixture("directories-customappsso").filter((d: any) => d.name !== "customappsso");
    expect(tf.evaluate(json, "app", fixture("users-first"), fixture("users-first"), withoutScim).problems).toEqual([
      'test/app: targetAttributes.users: the app\'s live schema has 0 definitions of the object its User object mapping writes to (directory and object ["customappsso","User"]); expected exactly one, where the attributes are added',
    ]);
  });

  test("the schema write carries directories only when attribute definitions are declared", () => {
    const put = (json: any) => Object.values(json.resource.msgraph_update_resource)[0] as any;
    const read = (json: any) => Object.values(json.data.msgraph_resource).find((d: any) => String(d.url).endsWith("/schema")) as any;
    const plain = synthApp({ userMappings: [UPN_REWRITE] });
    expect(Object.keys(put(plain).body)).toEqual(["synchronizationRules"]);
    expect(read(plain).response_export_values).toEqual({ rules: "synchronizationRules" });
    const withAttributes = synthApp({ targetAttributes: { users: [{ name: "roles" }] } });
    expect(Object.keys(put(withAttributes).body).sort()).toEqual(["directories", "synchronizationRules"]);
    expect(read(withAttributes).response_export_values).toEqual({ rules: "synchronizationRules", directories: "directories" });
  });
});
