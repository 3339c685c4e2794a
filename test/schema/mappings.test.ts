import { Connectors, ScimProvisionedApp, type ScimProvisionedAppProps } from "../../constructs";
import { OPERATORS } from "../../constructs/schema";
import { errorOf, newStack, only, synth } from "../helpers";

function body(id: string, props: ScimProvisionedAppProps) {
  const stack = newStack();
  const app = new ScimProvisionedApp(stack, id, props);
  const json = synth(stack);
  return { app, json, mappings: only(json, "msgraph_update_resource").body.synchronizationRules[0].objectMappings };
}

function fails(props: ScimProvisionedAppProps, id = "app"): string {
  return errorOf(() => new ScimProvisionedApp(newStack(), id, props));
}

const iprova = () => Connectors.iprova();

describe("schema body", () => {
  test("users first, then groups, every key explicit", () => {
    const { mappings } = body("iprova", { connector: iprova() });
    const [users, groups] = mappings;
    expect(Object.keys(users).sort()).toEqual(["attributeMappings", "enabled", "flowTypes", "name", "scope", "sourceObjectName", "targetObjectName"]);
    expect(users).toMatchObject({
      enabled: true,
      flowTypes: "Add, Update, Delete",
      name: "Provision Microsoft Entra ID Users",
      scope: null,
      sourceObjectName: "User",
      targetObjectName: "User",
    });
    expect(users.attributeMappings[0]).toEqual({
      defaultValue: null,
      exportMissingReferences: false,
      flowBehavior: "FlowWhenChanged",
      flowType: "Always",
      matchingPriority: 1,
      source: { expression: "[userPrincipalName]", name: "userPrincipalName", parameters: [], type: "Attribute" },
      targetAttributeName: "userName",
    });
    expect(users.attributeMappings.map((m: any) => m.targetAttributeName)).toEqual([
      "userName",
      "active",
      "displayName",
      "title",
      'emails[type eq "work"].value',
      "preferredLanguage",
      "name.givenName",
      "name.familyName",
      "name.formatted",
      'addresses[type eq "work"].formatted',
      'addresses[type eq "work"].streetAddress',
      'addresses[type eq "work"].locality',
      'addresses[type eq "work"].region',
      'addresses[type eq "work"].postalCode',
      'addresses[type eq "work"].country',
      'phoneNumbers[type eq "work"].value',
      'phoneNumbers[type eq "mobile"].value',
      'phoneNumbers[type eq "fax"].value',
      "externalId",
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber",
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
    ]);
    expect(groups).toMatchObject({ enabled: true, name: "Provision Microsoft Entra ID Groups", sourceObjectName: "Group", targetObjectName: "Group" });
    expect(groups.attributeMappings.map((m: any) => [m.targetAttributeName, m.source.expression, m.matchingPriority])).toEqual([
      ["displayName", "[displayName]", 1],
      ["externalId", "[objectId]", 0],
      ["members", "[members]", 0],
    ]);
  });

  test("the PUT goes to the job's schema and is the whole body", () => {
    const { json } = body("iprova", { connector: iprova() });
    const schema = only(json, "msgraph_update_resource");
    expect(Object.keys(schema).sort()).toEqual(["body", "update_method", "url"]);
  });

  test("users-only connectors send a disabled groups mapping", () => {
    const { mappings } = body("airstack", { connector: Connectors.airstack() });
    expect(mappings.map((m: any) => [m.sourceObjectName, m.enabled])).toEqual([
      ["User", true],
      ["Group", false],
    ]);
  });

  test("provisionGroups: false sends the groups mapping disabled; the manifest lists users only", () => {
    const { app, mappings } = body("iprova", { connector: iprova(), provisionGroups: false });
    expect(mappings.map((m: any) => [m.sourceObjectName, m.enabled])).toEqual([
      ["User", true],
      ["Group", false],
    ]);
    expect(app.toManifest()).toMatchObject({ objects: ["users"], groups: null });
    const on = body("iprova", { connector: iprova() });
    expect(on.mappings.map((m: any) => m.enabled)).toEqual([true, true]);
    expect(on.app.toManifest().objects).toEqual(["users", "groups"]);
  });

  test("iPass SmartConnect: users outside the registered domains are never in scope", () => {
    const { mappings } = body("ipass", { connector: Connectors.ipassSmartConnect({ registeredDomains: ["contoso.com", "fabrikam.com"] }) });
    expect(mappings[0].scope).toEqual({
      categoryFilterGroups: [],
      groups: [
        {
          name: "Connector requirements",
          clauses: [{ operatorName: "REGEX MATCH", sourceOperandName: "userPrincipalName", targetOperand: { values: [".*@(contoso\\.com|fabrikam\\.com)$"] } }],
        },
      ],
      inputFilterGroups: [],
    });
  });

  test("iPass SmartConnect: the domain clause is AND-ed into every declared filter (filters are OR-ed)", () => {
    const { mappings } = body("ipass", {
      connector: Connectors.ipassSmartConnect({ registeredDomains: ["contoso.com"] }),
      userScope: [
        { name: "Sales", all: [{ attribute: "department", operator: "EQUALS", values: ["Sales"] }] },
        { name: "Travelers", all: [{ attribute: "jobTitle", operator: "IS NOT NULL" }] },
      ],
    });
    expect(mappings[0].scope.groups.map((g: any) => [g.name, g.clauses.map((c: any) => `${c.sourceOperandName} ${c.operatorName} ${c.targetOperand.values.join()}`)])).toEqual([
      ["Sales", ["department EQUALS Sales", "userPrincipalName REGEX MATCH .*@(contoso\\.com)$"]],
      ["Travelers", ["jobTitle IS NOT NULL ", "userPrincipalName REGEX MATCH .*@(contoso\\.com)$"]],
    ]);
  });

  test("SmartFile: hard deletes only, so no active mapping by default", () => {
    const { mappings, app } = body("smartfile", { connector: Connectors.smartFile({ siteName: "demo" }) });
    expect(mappings[0].attributeMappings.map((m: any) => m.targetAttributeName)).not.toContain("active");
    expect(app.toManifest().limitations[0]).toMatch(/^SmartFile only supports hard deletes/);
  });

  test("apply onCreateOnly, defaultValue and a constant default", () => {
    const { mappings } = body("iprova", {
      connector: iprova(),
      userMappings: [
        { target: "title", source: "[jobTitle]", apply: "onCreateOnly", defaultValue: "Employee" },
        { target: "userType", defaultValue: "Member" },
      ],
    });
    const byTarget = Object.fromEntries(mappings[0].attributeMappings.map((m: any) => [m.targetAttributeName, m]));
    expect(byTarget.title).toMatchObject({ flowType: "ObjectAddOnly", defaultValue: "Employee", source: { expression: "[jobTitle]" } });
    expect(byTarget.userType).toMatchObject({ flowType: "Always", defaultValue: "Member", source: null, matchingPriority: 0 });
  });

  test("Terraform template markers in expressions are escaped in cdk.tf.json, not in the manifest", () => {
    const source = 'Replace([telephoneNumber], , "\\\\+(?<isdCode>\\\\d* )(?<phoneNumber>\\\\d{10})", , "${phoneNumber}", , )';
    const { mappings, app } = body("iprova", {
      connector: iprova(),
      userMappings: [{ target: 'phoneNumbers[type eq "work"].value', source }],
    });
    const phone = mappings[0].attributeMappings.find((m: any) => m.targetAttributeName === 'phoneNumbers[type eq "work"].value');
    expect(phone.source.expression).toBe(source.replace("${", () => "$${"));
    expect(app.toManifest().users.mappings.find((m) => m.target === 'phoneNumbers[type eq "work"].value')?.source).toBe(source);
  });
});

describe("merge and replace", () => {
  test("merge: same target overrides in place, new targets are appended, remove drops a default", () => {
    const { app } = body("iprova", {
      connector: iprova(),
      userMappings: [
        { target: "displayName", source: 'Join(" ", [givenName], [surname])' },
        { target: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:costCenter", source: "[extensionAttribute1]" },
        { target: 'phoneNumbers[type eq "fax"].value', remove: true },
      ],
    });
    const mappings = app.toManifest().users.mappings;
    expect(mappings[2]).toEqual({ target: "displayName", source: 'Join(" ", [givenName], [surname])', apply: "always" });
    expect(mappings[mappings.length - 1].target).toBe("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:costCenter");
    expect(mappings.map((m) => m.target)).not.toContain('phoneNumbers[type eq "fax"].value');
    expect(mappings).toHaveLength(22);
  });

  test("replace: only the declared mappings", () => {
    const { app } = body("iprova", {
      connector: iprova(),
      mappingMode: "replace",
      userMappings: [
        { target: "userName", source: "[userPrincipalName]", matching: 1 },
        { target: "externalId", source: "[objectId]", matching: 2 },
      ],
    });
    expect(app.toManifest().users).toEqual({
      matchingAttribute: "userName",
      mappings: [
        { target: "userName", source: "[userPrincipalName]", matching: 1, apply: "always" },
        { target: "externalId", source: "[objectId]", matching: 2, apply: "always" },
      ],
      scope: [],
    });
  });
});

describe("mapping guardrails", () => {
  test("no matching attribute", () => {
    expect(fails({ connector: iprova(), mappingMode: "replace", userMappings: [{ target: "userName", source: "[userPrincipalName]" }] })).toBe(
      "test/app: userMappings: no mapping is a matching attribute; expected one mapping with matching: 1 (Entra finds existing users in the app by it)",
    );
  });

  test("two mappings with the same precedence", () => {
    expect(fails({ connector: iprova(), userMappings: [{ target: "externalId", source: "[objectId]", matching: 1 }] })).toBe(
      'test/app: userMappings[0].matching: precedence 1 is used by "userName" and "externalId"; expected unique precedences 1, 2, ...',
    );
  });

  test("precedences with a gap", () => {
    expect(fails({ connector: iprova(), userMappings: [{ target: "externalId", source: "[objectId]", matching: 3 }] })).toBe(
      "test/app: userMappings: matching precedences 1, 3 skip 2; expected consecutive precedences starting at 1",
    );
  });

  test("a matching attribute must be a plain attribute", () => {
    expect(fails({ connector: iprova(), userMappings: [{ target: "userName", source: "ToLower([userPrincipalName])", matching: 1 }] })).toBe(
      'test/app: userMappings[0].source: the matching attribute "userName" has an expression source; expected a plain [attribute] for matching',
    );
  });

  test("duplicate target attribute", () => {
    expect(
      fails({
        connector: iprova(),
        userMappings: [
          { target: "title", source: "[jobTitle]" },
          { target: "Title", source: "[department]" },
        ],
      }),
    ).toBe('test/app: userMappings[1].target: "Title" is declared twice (also at userMappings[0]); expected one mapping per target attribute');
  });

  test("unknown target attribute for the connector's SCIM schema", () => {
    expect(fails({ connector: iprova(), userMappings: [{ target: "favouriteColour", source: "[extensionAttribute2]" }] })).toBe(
      "test/app: userMappings[0].target: \"favouriteColour\" is not an attribute of iProva's SCIM User schema; expected a core SCIM attribute, an enterprise extension attribute or one the connector adds",
    );
  });

  test("a generic connector can add its own target attributes", () => {
    const stack = newStack();
    expect(
      () =>
        new ScimProvisionedApp(stack, "hr", {
          connector: Connectors.genericScim({ objects: ["users"], extraTargets: ["urn:contoso:scim:User:badgeNumber"] }),
          tenantUrl: "https://hr.example.com/scim",
          userMappings: [{ target: "urn:contoso:scim:User:badgeNumber", source: "[employeeId]" }],
        }),
    ).not.toThrow();
  });

  test("unknown function, with the column", () => {
    expect(fails({ connector: iprova(), userMappings: [{ target: "displayName", source: 'Joinn(" ", [givenName], [surname])' }] })).toBe(
      'test/app: userMappings[0].source: column 1: unknown function "Joinn"; did you mean "Join"?',
    );
  });

  test("wrong arity", () => {
    expect(fails({ connector: iprova(), userMappings: [{ target: "displayName", source: "Append([givenName])" }] })).toBe(
      "test/app: userMappings[0].source: column 1: Append: argument 2 (suffix) is missing; expected Append(source, suffix)",
    );
  });

  test("unbalanced brackets and quotes", () => {
    expect(fails({ connector: iprova(), userMappings: [{ target: "displayName", source: 'Join(" ", [givenName], [surname]' }] })).toBe(
      'test/app: userMappings[0].source: column 5: unclosed "(" of Join; expected ")"',
    );
    expect(fails({ connector: iprova(), userMappings: [{ target: "displayName", source: 'Append([givenName], " Jr.)' }] })).toBe(
      'test/app: userMappings[0].source: column 21: unterminated string; expected a closing " (write \\" for a quote inside a string)',
    );
  });

  test("a mapping with neither source nor default", () => {
    expect(fails({ connector: iprova(), userMappings: [{ target: "title" }] })).toBe(
      "test/app: userMappings[0]: has neither source nor defaultValue; expected a source expression, a defaultValue, or both",
    );
  });

  test("remove of a mapping that is not a default, and remove in replace mode", () => {
    expect(fails({ connector: iprova(), userMappings: [{ target: "nickName", remove: true }] })).toBe(
      'test/app: userMappings[0].target: "nickName" is not a default mapping of this connector; expected the target of a default mapping to remove',
    );
    expect(
      fails({
        connector: iprova(),
        mappingMode: "replace",
        userMappings: [
          { target: "userName", source: "[userPrincipalName]", matching: 1 },
          { target: "title", remove: true },
        ],
      }),
    ).toBe('test/app: userMappings[1].remove: is only valid with mappingMode "merge"; expected no remove in replace mode (leave the mapping out instead)');
  });

  test("SelectUniqueValue is refused outside on-premises AD provisioning", () => {
    expect(fails({ connector: iprova(), userMappings: [{ target: "externalId", source: "SelectUniqueValue([mail], [userPrincipalName])" }] })).toBe(
      "test/app: userMappings[0].source: uses SelectUniqueValue, which Entra supports only for provisioning to on-premises Active Directory; expected another function",
    );
  });

  test("group mappings are checked against the Group schema", () => {
    expect(fails({ connector: iprova(), groupMappings: [{ target: "userName", source: "[displayName]" }] })).toBe(
      "test/app: groupMappings[0].target: \"userName\" is not an attribute of iProva's SCIM Group schema; expected a core SCIM attribute, an enterprise extension attribute or one the connector adds",
    );
  });

  test("group scope on a users-only connector", () => {
    expect(fails({ connector: Connectors.airstack(), groupScope: [{ all: [{ attribute: "displayName", operator: "EQUALS", values: ["x"] }] }] })).toBe(
      "test/app: groupScope: Airstack provisions users only; expected no groupScope",
    );
  });
});

describe("scoping filter guardrails", () => {
  test.each([...OPERATORS.values()].map((op) => [op.name, op.arity]))("%s is %s", (name, arity) => {
    const ok = arity === "unary" ? undefined : ["x"];
    const wrong = arity === "unary" ? ["x"] : undefined;
    expect(() => new ScimProvisionedApp(newStack(), "app", { connector: iprova(), userScope: [{ all: [{ attribute: "department", operator: name, values: ok }] }] })).not.toThrow();
    expect(fails({ connector: iprova(), userScope: [{ all: [{ attribute: "department", operator: name, values: wrong }] }] })).toBe(
      arity === "unary"
        ? `test/app: userScope[0].all[0].values: ${name} takes no value; got 1; remove "values"`
        : `test/app: userScope[0].all[0].values: ${name} takes exactly one value; got 0`,
    );
  });

  test("EQUALS with two values", () => {
    expect(fails({ connector: iprova(), userScope: [{ all: [{ attribute: "department", operator: "EQUALS", values: ["a", "b"] }] }] })).toBe(
      "test/app: userScope[0].all[0].values: EQUALS takes exactly one value; got 2",
    );
  });

  test("unknown operator, with a hint when it is a near miss", () => {
    expect(fails({ connector: iprova(), userScope: [{ all: [{ attribute: "department", operator: "LIKE", values: ["a"] }] }] })).toBe(
      'test/app: userScope[0].all[0].operator: "LIKE" is not a scoping operator; expected one of "&", "!&", "ENDS_WITH", "EQUALS", "Greater_Than", "Greater_Than_OR_EQUALS", "Includes", "IS FALSE", "IS NOT NULL", "IS NULL", "IS TRUE", "NOT EQUALS", "NOT REGEX MATCH", "REGEX MATCH"',
    );
    expect(fails({ connector: iprova(), userScope: [{ all: [{ attribute: "department", operator: "IS_NOT_NULL" }] }] })).toBe(
      'test/app: userScope[0].all[0].operator: "IS_NOT_NULL" is not a scoping operator; did you mean "IS NOT NULL"?',
    );
  });

  test("an empty filter, a bad regex, duplicate filter names", () => {
    expect(
      fails({
        connector: iprova(),
        userScope: [
          { name: "A", all: [] },
          { name: "A", all: [{ attribute: "userPrincipalName", operator: "REGEX MATCH", values: ["(unclosed"] }] },
        ],
      }).split("\n"),
    ).toEqual([
      "test/app: userScope[0].all: is empty; expected at least one clause (a filter without clauses would match everyone)",
      'test/app: userScope[1].name: "A" is also the name of userScope[0]; expected unique filter names',
      'test/app: userScope[1].all[0].values[0]: "(unclosed" is not a valid regular expression; expected a .NET-style pattern',
    ]);
  });

  test("filters in the manifest read as declared, OR-ed groups of AND-ed clauses", () => {
    const { app } = body("iprova", {
      connector: iprova(),
      userScope: [{ all: [{ attribute: "department", operator: "EQUALS", values: ["Sales"] }] }],
    });
    expect(app.toManifest().users.scope).toEqual([{ name: "Scope 1", all: [{ attribute: "department", operator: "EQUALS", values: ["Sales"] }] }]);
  });
});
