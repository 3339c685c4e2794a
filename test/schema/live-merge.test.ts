/**
 * The by-name merge, run with a real terraform: the exact locals synth emits, evaluated over live
 * schemas (test/fixtures/schemas, sources in its README) and over the same schemas with every
 * array shuffled. What must hold: declared changes applied, everything else exactly as Graph
 * returned it, the same output whatever order Graph returns things in, a second run over the
 * output changes nothing, and the provider's index-based merge of our body over the live document
 * leaves nothing behind.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Connectors, ScimProvisionedApp, type Connector, type ScimProvisionedAppProps } from "../../constructs";
import { newStack, synth } from "../helpers";
import { mergeObject } from "../support/msgraph-merge";
import { describeWithTerraform, SchemaEvaluator } from "../support/terraform-eval";

const fixture = (name: string): any[] => JSON.parse(readFileSync(join(__dirname, "..", "fixtures", "schemas", `${name}.json`), "utf8"));

/** A deterministic shuffle (every array that Graph could return in another order). */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out.length > 1 && JSON.stringify(out) === JSON.stringify(items) ? [...out.slice(1), out[0]] : out;
}

function shuffleSchema(rules: any[], seed = 7): any[] {
  return shuffled(
    rules.map((r) => ({
      ...r,
      objectMappings: shuffled(
        r.objectMappings.map((om: any) => ({
          ...om,
          attributeMappings: shuffled(om.attributeMappings, seed + 1),
          scope: om.scope && { ...om.scope, groups: shuffled(om.scope.groups.map((g: any) => ({ ...g, clauses: shuffled(g.clauses, seed + 3) })), seed + 2) },
        })),
        seed + 4,
      ),
    })),
    seed + 5,
  );
}

const objectMapping = (rules: any[], source: string) => rules.flatMap((r) => r.objectMappings).find((om: any) => om.sourceObjectName === source);
const byTarget = (om: any) => new Map<string, any>(om.attributeMappings.map((m: any) => [m.targetAttributeName, m]));

const scimConnector = () =>
  Connectors.genericScim({ galleryName: "Test SCIM", objects: ["users", "groups"], extraTargets: ["IsActive", "Email", "EmailEncodingKey", "Username"] });

function synthApp(props: Partial<ScimProvisionedAppProps> & { connector?: Connector }): any {
  const stack = newStack();
  new ScimProvisionedApp(stack, "app", { connector: scimConnector(), tenantUrl: "https://scim.example.com/scim", ...props } as ScimProvisionedAppProps);
  return synth(stack);
}

/** Declarations touching every kind of change, for both objects. */
const DECLARED: Partial<ScimProvisionedAppProps> = {
  userMappings: [
    { target: "displayName", source: 'Join(" ", [givenName], [surname])' },
    { target: "title", source: "[jobTitle]", apply: "onCreateOnly", defaultValue: "Employee ${not a template}" },
    { target: "nickName", source: "[mailNickname]" },
    { target: 'phoneNumbers[type eq "fax"].value', remove: true },
    { target: "EXTERNALID", source: "[objectId]", matching: 2 },
  ],
  userScope: [{ name: "Sales", all: [{ attribute: "department", operator: "EQUALS", values: ["Sales"] }] }, { name: "Template filter", remove: true }],
  groupMappings: [{ target: "externalId", source: "[mailNickname]" }],
};

describeWithTerraform("by-name merge over the live schema (real terraform)", () => {
  const tf = new SchemaEvaluator();
  const declaredJson = synthApp(DECLARED);

  describe.each(["users-first", "groups-first", "two-rules"])("%s", (name) => {
    const live = fixture(name);
    const result = tf.evaluate(declaredJson, "app", live);

    test("declared changes are applied by name", () => {
      expect(result.problems).toEqual([]);
      const users = byTarget(objectMapping(result.rules, "User"));
      expect(users.get("displayName").source.name).toBe("Join");
      expect(users.get("title")).toMatchObject({ flowType: "ObjectAddOnly", defaultValue: "Employee ${not a template}", matchingPriority: 0 });
      expect(users.has('phoneNumbers[type eq "fax"].value')).toBe(false);
      // A new target gets every key; the fields no declaration sets take Entra's defaults.
      expect(users.get("nickName")).toEqual({
        defaultValue: null,
        exportMissingReferences: false,
        flowBehavior: "FlowWhenChanged",
        flowType: "Always",
        matchingPriority: 0,
        source: { expression: "[mailNickname]", name: "mailNickname", parameters: [], type: "Attribute" },
        targetAttributeName: "nickName",
      });
      // Matched case-insensitively; the declared spelling is written.
      expect(users.get("EXTERNALID")).toMatchObject({ matchingPriority: 2, source: { name: "objectId" } });
      expect(users.has("externalId")).toBe(false);
      const scope = objectMapping(result.rules, "User").scope;
      expect(scope.groups.map((g: any) => g.name)).toEqual(["Sales"]);
      expect(scope).toMatchObject({ categoryFilterGroups: [], inputFilterGroups: [] });
      expect(byTarget(objectMapping(result.rules, "Group")).get("externalId").source.name).toBe("mailNickname");
    });

    test("everything not declared is exactly as Graph returned it", () => {
      for (const source of ["User", "Group"]) {
        const before = objectMapping(live, source);
        const after = objectMapping(result.rules, source);
        const { attributeMappings: _a, scope: _s, ...rest } = before;
        expect(after).toMatchObject(rest); // name, metadata, flowTypes, enabled, target object
        const declaredTargets = new Set(["displayname", "title", "nickname", 'phonenumbers[type eq "fax"].value', "externalid"].concat(source === "Group" ? [] : []));
        const untouched = before.attributeMappings.filter((m: any) =>
          source === "User" ? !declaredTargets.has(m.targetAttributeName.toLowerCase()) : m.targetAttributeName !== "externalId",
        );
        for (const m of untouched) expect(byTarget(after).get(m.targetAttributeName)).toEqual(m);
      }
      expect(objectMapping(result.rules, "Group").scope).toBeNull();
      // Rules keep their ids, directories, metadata and priority.
      for (const rule of live) {
        const { objectMappings: _o, ...rest } = rule;
        expect(result.rules.find((r) => r.id === rule.id)).toMatchObject(rest);
      }
      expect(result.rules).toHaveLength(live.length);
    });

    test("the result does not depend on the order Graph returns anything in", () => {
      const again = tf.evaluate(declaredJson, "app", shuffleSchema(live));
      expect(again.rules).toEqual(result.rules);
    });

    test("applied to its own output it changes nothing (a second plan shows no change)", () => {
      expect(tf.evaluate(declaredJson, "app", result.rules).rules).toEqual(result.rules);
    });

    test("the provider's index-based MergeObject of the body over the live document (shuffled) gives exactly our rules", () => {
      const liveDoc = { id: "customappsso", version: "Date:2026-11-01", directories: [{ name: "Azure Active Directory", objects: [] }], synchronizationRules: shuffleSchema(live, 11) };
      const sent = mergeObject(liveDoc, { synchronizationRules: result.rules }) as any;
      expect(sent.synchronizationRules).toEqual(result.rules);
      expect(sent.directories).toEqual(liveDoc.directories);
      expect(sent.version).toBe(liveDoc.version);
    });
  });

  test("provisionGroups: false disables the groups object mapping and changes nothing else", () => {
    const live = fixture("groups-first");
    const { rules, problems } = tf.evaluate(synthApp({ provisionGroups: false }), "app", live);
    expect(problems).toEqual([]);
    expect(objectMapping(rules, "Group")).toEqual({ ...objectMapping(live, "Group"), enabled: false });
    expect(objectMapping(rules, "User")).toEqual(objectMapping(live, "User"));
  });

  test("mappingMode replace: the declared object's mappings are exactly the declared ones; the other object is untouched", () => {
    const live = fixture("users-first");
    const json = synthApp({ mappingMode: "replace", userMappings: [{ target: "userName", source: "[mail]", matching: 1 }, { target: "active", source: "Not([IsSoftDeleted])" }] });
    const { rules } = tf.evaluate(json, "app", live);
    expect(objectMapping(rules, "User").attributeMappings.map((m: any) => m.targetAttributeName)).toEqual(["active", "userName"]);
    // The replaced userName keeps the fields no declaration sets from the live mapping.
    expect(byTarget(objectMapping(rules, "User")).get("userName")).toMatchObject({ exportMissingReferences: false, flowBehavior: "FlowWhenChanged", matchingPriority: 1 });
    expect(objectMapping(rules, "Group")).toEqual(objectMapping(live, "Group"));
  });

  test("Microsoft's documented example (Salesforce targets): a declared override, the rest untouched", () => {
    const live = fixture("microsoft-doc-salesforce");
    const { rules, problems } = tf.evaluate(synthApp({ userMappings: [{ target: "Email", source: "[userPrincipalName]" }] }), "app", live);
    expect(problems).toEqual([]);
    const before = byTarget(objectMapping(live, "User"));
    const after = byTarget(objectMapping(rules, "User"));
    expect(after.get("Email").source).toEqual({ expression: "[userPrincipalName]", name: "userPrincipalName", parameters: [], type: "Attribute" });
    for (const t of ["IsActive", "EmailEncodingKey", "Username"]) expect(after.get(t)).toEqual(before.get(t));
  });

  test("iPass: the registered-domain clause is AND-ed into every user filter, the template's too; one filter is made when there is none", () => {
    const connector = Connectors.ipassSmartConnect({ registeredDomains: ["contoso.com"] });
    const withScope = tf.evaluate(
      synthApp({ connector, tenantUrl: undefined, userScope: [{ name: "Sales", all: [{ attribute: "department", operator: "EQUALS", values: ["Sales"] }] }] }),
      "app",
      fixture("users-first"),
    );
    const clause = { operatorName: "REGEX MATCH", sourceOperandName: "userPrincipalName", targetOperand: { values: [".*@([cC][oO][nN][tT][oO][sS][oO]\\.[cC][oO][mM])$"] } };
    const groups = objectMapping(withScope.rules, "User").scope.groups;
    expect(groups.map((g: any) => g.name)).toEqual(["Sales", "Template filter"]);
    for (const g of groups) expect(g.clauses).toContainEqual(clause);
    expect(groups[1].clauses).toHaveLength(2); // the template's own clause stays
    const again = tf.evaluate(synthApp({ connector, tenantUrl: undefined, userScope: [{ name: "Sales", all: [{ attribute: "department", operator: "EQUALS", values: ["Sales"] }] }] }), "app", withScope.rules);
    expect(again.rules).toEqual(withScope.rules); // the clause is added once

    const noScope = tf.evaluate(synthApp({ connector, tenantUrl: undefined }), "app", fixture("microsoft-doc-salesforce"));
    expect(objectMapping(noScope.rules, "User").scope).toEqual({ categoryFilterGroups: [], groups: [{ name: "Connector requirements", clauses: [clause] }], inputFilterGroups: [] });
  });

  test("what only the live schema can tell fails the plan with one line per problem, naming stack, app and field", () => {
    const json = synthApp({
      userMappings: [
        { target: "nickName", remove: true },
        { target: "externalId", source: "[objectId]", matching: 1 },
      ],
      userScope: [{ name: "No such filter", remove: true }],
    });
    expect(tf.evaluate(json, "app", fixture("users-first")).problems).toEqual([
      "test/app: userMappings[0] (nickName).remove: neither the app's live schema nor its template has a mapping with this target; expected the target of one of the app's mappings",
      'test/app: userMappings[1] (externalId).matching: precedence 1 is also used by "userName" in the app\'s live schema; expected a precedence no other mapping uses, or declare those mappings too (matching: false says "not a matching attribute")',
      "test/app: userScope[0] (No such filter).remove: neither the app's live schema nor its template has a scoping filter with this name; expected the name of one of the app's filters",
    ]);
    const groupsOnUsersOnlyTemplate = synthApp({ groupMappings: [{ target: "displayName", source: "[mailNickname]", matching: 1 }] });
    expect(tf.evaluate(groupsOnUsersOnlyTemplate, "app", fixture("microsoft-doc-salesforce")).problems).toEqual([
      "test/app: groupMappings: the app's live schema has 0 object mappings from Entra ID Group objects; expected exactly one, from the app's synchronization template",
    ]);
    const noMatching = synthApp({ userMappings: [{ target: "userName", matching: false }] });
    expect(tf.evaluate(noMatching, "app", fixture("users-first")).problems).toEqual([
      "test/app: userMappings: after the declared changes no mapping is a matching attribute; expected one mapping with matching: 1",
    ]);
    const newWithoutSource = synthApp({ userMappings: [{ target: "nickName", apply: "onCreateOnly" }] });
    expect(tf.evaluate(newWithoutSource, "app", fixture("users-first")).problems).toEqual([
      "test/app: userMappings[0] (nickName): the app's live schema has no mapping with this target to keep a source or default value from; expected a source or a defaultValue for a new mapping",
    ]);
  });

  test("a removal the previous deploy carried out is satisfied: the plan after it passes and writes the same", () => {
    const template = fixture("users-first");
    const userOm = objectMapping(template, "User");
    const target = userOm.attributeMappings[userOm.attributeMappings.length - 1].targetAttributeName;
    const filter = userOm.scope?.groups?.[0]?.name;
    const json = synthApp({
      userMappings: [{ target, remove: true }],
      ...(filter ? { userScope: [{ name: filter, remove: true }] } : {}),
    });
    const first = tf.evaluate(json, "app", template, template);
    expect(first.problems).toEqual([]);
    expect(objectMapping(first.rules, "User").attributeMappings.map((m: any) => m.targetAttributeName)).not.toContain(target);
    // Second plan: the live schema is what the first deploy wrote; the template is unchanged.
    const second = tf.evaluate(json, "app", first.rules, template);
    expect(second.problems).toEqual([]);
    expect(second.rules).toEqual(first.rules);
    // Without the template (live only) the same removal would read as a mistake: the template is what tells them apart.
    expect(tf.evaluate(json, "app", first.rules, first.rules).problems[0]).toMatch(/\.remove: neither the app's live schema nor its template has a mapping with this target/);
  });

  test("the template's schema is read only when something is removed", () => {
    const reads = (json: any) => Object.values(json.data?.msgraph_resource ?? {}).map((d: any) => d.url).filter((u: string) => u.includes("/synchronization/templates/") && u.endsWith("/schema"));
    expect(reads(synthApp({ userMappings: [{ target: "nickName", source: "[mailNickname]" }] }))).toEqual([]);
    expect(reads(synthApp({ userMappings: [{ target: "nickName", remove: true }] }))).toEqual([
      expect.stringMatching(/^\$\{azuread_application_from_template\.[\w-]+\.service_principal_id\}\/synchronization\/templates\/.+\/schema$/),
    ]);
  });

  test("the precondition on the schema PUT requires no problems and prints them", () => {
    const put = Object.values(declaredJson.resource.msgraph_update_resource)[0] as any;
    const problems = Object.keys(declaredJson.locals).find((k) => k.startsWith("app_schema_problems_"));
    expect(put.lifecycle.precondition).toEqual([{ condition: `\${length(local.${problems}) == 0}`, error_message: `\${join("\\n", local.${problems})}` }]);
  });
});
