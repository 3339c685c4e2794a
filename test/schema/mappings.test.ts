import { Connectors, ScimProvisionedApp, type ScimProvisionedAppProps } from "../../constructs";
import { OPERATORS } from "../../constructs/schema";
import { byType, errorOf, newStack, synth } from "../helpers";

/** The synthesized declarations of one app (the `declared` local the by-name merge reads). */
function declared(id: string, props: ScimProvisionedAppProps) {
  const stack = newStack();
  const app = new ScimProvisionedApp(stack, id, props);
  const json = synth(stack);
  const [local] = Object.entries(json.locals ?? {}).filter(([k]) => k.startsWith(`${id}_schema_declared_`)).map(([, v]) => v as any);
  return { app, json, local };
}

function fails(props: ScimProvisionedAppProps, id = "app"): string {
  return errorOf(() => new ScimProvisionedApp(newStack(), id, props));
}

const iprova = () => Connectors.iprova();

describe("no declaration, no schema write", () => {
  test.each([
    ["iprova", () => Connectors.iprova()],
    ["airstack", () => Connectors.airstack()],
    ["smartfile", () => Connectors.smartFile({ siteName: "demo" })],
    ["hr", () => Connectors.genericScim({ objects: ["users", "groups"] })],
  ])("%s: no msgraph_update_resource, no schema read, no locals; the manifest says the template applies", (id, connector) => {
    const { app, json } = declared(id, { connector: connector(), tenantUrl: id === "hr" ? "https://hr.example.com/scim" : undefined });
    expect(byType(json, "msgraph_update_resource")).toEqual({});
    expect(Object.values(byType(json, "msgraph_resource", true)).filter((d: any) => String(d.url).endsWith("/schema"))).toEqual([]);
    expect(json.locals).toBeUndefined();
    const m = app.toManifest();
    expect(m.schemaDeclared).toBe(false);
    expect(m.users).toEqual({ matchingAttribute: null, mappings: [], removed: [], scope: [], removedScope: [], requiredClauses: [], targetAttributes: [] });
    expect(m.warnings).toEqual([]);
  });

  test("provisionGroups: false is a declaration: it disables the groups object mapping and nothing else", () => {
    const { local, json, app } = declared("iprova", { connector: iprova(), provisionGroups: false });
    expect(Object.keys(byType(json, "msgraph_update_resource"))).toHaveLength(1);
    expect(Object.keys(local.objects)).toEqual(["Group"]);
    const rules = Object.entries(json.locals).find(([k]) => k.startsWith("iprova_schema_rules_"))?.[1] as string;
    expect(rules).toContain('om.sourceObjectName == "Group" ? jsonencode(merge(om, { enabled = false }))');
    expect(app.toManifest().objects).toEqual(["users"]);
    expect(app.toManifest().groups).toBeNull();
  });

  test("iPass registered domains are a declaration: a user scoping clause, case-insensitive", () => {
    const { local } = declared("ipass", { connector: Connectors.ipassSmartConnect({ registeredDomains: ["contoso.com"] }) });
    expect(local.objects.User.required).toEqual([
      { operatorName: "REGEX MATCH", sourceOperandName: "userPrincipalName", targetOperand: { values: [".*@([cC][oO][nN][tT][oO][sS][oO]\\.[cC][oO][mM])$"] } },
    ]);
  });
});

describe("declarations as data", () => {
  test("only what is declared, keyed by name: mappings by lower-cased target, filters by name, removals with their place", () => {
    const { local, app } = declared("iprova", {
      connector: iprova(),
      userMappings: [
        { target: "displayName", source: 'Join(" ", [givenName], [surname])' },
        { target: "title", source: "[jobTitle]", apply: "onCreateOnly", defaultValue: "Employee" },
        { target: "userType", defaultValue: "Member" },
        { target: 'phoneNumbers[type eq "fax"].value', remove: true },
        { target: "externalId", source: "[objectId]", matching: 2 },
      ],
      userScope: [{ name: "Sales", all: [{ attribute: "department", operator: "EQUALS", values: ["Sales"] }] }, { name: "Old", remove: true }],
    });
    const user = local.objects.User;
    expect(Object.keys(user.mappings).sort()).toEqual(["displayname", "externalid", "title", "usertype"]);
    // Only the declared fields: the merge keeps the app's value of every other one.
    expect(user.mappings.title).toEqual({
      defaultValue: "Employee",
      flowType: "ObjectAddOnly",
      source: { expression: "[jobTitle]", name: "jobTitle", parameters: [], type: "Attribute" },
      targetAttributeName: "title",
    });
    expect(user.mappings.usertype).toEqual({ defaultValue: "Member", targetAttributeName: "userType" });
    expect(user.mappings.displayname).toEqual({ source: expect.objectContaining({ name: "Join" }), targetAttributeName: "displayName" });
    expect(user.incomplete).toEqual({});
    expect(user.remove).toEqual({ 'phonenumbers[type eq "fax"].value': 'userMappings[3] (phoneNumbers[type eq "fax"].value)' });
    expect(user.matching).toEqual({ externalid: { label: "userMappings[4] (externalId)", p: 2 } });
    expect(user.scope).toEqual({
      Sales: { name: "Sales", clauses: [{ operatorName: "EQUALS", sourceOperandName: "department", targetOperand: { values: ["Sales"] } }] },
    });
    expect(user.removeScope).toEqual({ Old: "userScope[1] (Old)" });
    expect(local.prefix).toBe("test/iprova: ");
    expect(local.objects.Group).toBeUndefined(); // nothing declared for groups: their mapping is left alone
    const m = app.toManifest();
    expect(m.schemaDeclared).toBe(true);
    expect(m.users.matchingAttribute).toBeNull(); // precedence 1 stays the template's
    expect(m.users.removed).toEqual(['phoneNumbers[type eq "fax"].value']);
    expect(m.users.removedScope).toEqual(["Old"]);
    expect(m.users.mappings.map((x) => x.target)).toEqual(["displayName", "title", "userType", "externalId"]);
    // The manifest says what a deploy writes: the declared fields only.
    expect(m.users.mappings[0]).toEqual({ target: "displayName", source: 'Join(" ", [givenName], [surname])' });
    expect(m.users.mappings[2]).toEqual({ target: "userType", defaultValue: "Member" });
  });

  test("replace mode writes every field: the manifest and the declared data say so", () => {
    const { local, app } = declared("iprova", {
      connector: iprova(),
      mappingMode: "replace",
      userMappings: [{ target: "userName", source: "[userPrincipalName]", matching: 1 }, { target: "userType", defaultValue: "Member" }],
    });
    expect(app.toManifest().users.mappings).toEqual([
      { target: "userName", source: "[userPrincipalName]", matching: 1, apply: "always" },
      { target: "userType", source: null, defaultValue: "Member", matching: false, apply: "always" },
    ]);
    expect(local.objects.User.mappings.usertype).toEqual({ defaultValue: "Member", flowType: "Always", matchingPriority: 0, source: null, targetAttributeName: "userType" });
    expect(local.objects.User.mappings.username.defaultValue).toBeNull();
  });

  test("matching: false is written as matchingPriority 0 and kept out of the precedence checks", () => {
    const { local, app } = declared("iprova", { connector: iprova(), userMappings: [{ target: "userName", matching: false }] });
    expect(local.objects.User.mappings.username).toEqual({ matchingPriority: 0, targetAttributeName: "userName" });
    expect(local.objects.User.matching).toEqual({});
    expect(local.objects.User.incomplete).toEqual({ username: "userMappings[0] (userName)" });
    expect(app.toManifest().users.mappings).toEqual([{ target: "userName", matching: false }]);
  });

  test("Terraform template markers in declared text are escaped in cdk.tf.json (values and keys), not in the manifest", () => {
    const { local, app } = declared("iprova", {
      connector: iprova(),
      userMappings: [{ target: "title", source: 'Replace([jobTitle], , "${x}", , "%{y}", , )', defaultValue: "${var.secret}" }],
      userScope: [{ name: "${name}", all: [{ attribute: "department", operator: "EQUALS", values: ["%{ if true }x%{ endif }"] }] }],
    });
    expect(local.objects.User.mappings.title.defaultValue).toBe("$${var.secret}");
    expect(local.objects.User.mappings.title.source.expression).toContain('"$${x}"');
    expect(Object.keys(local.objects.User.scope)).toEqual(["$${name}"]);
    expect(local.objects.User.scope["$${name}"].clauses[0].targetOperand.values).toEqual(["%%{ if true }x%%{ endif }"]);
    expect(app.toManifest().users.mappings[0].defaultValue).toBe("${var.secret}");
  });
});

describe("mapping guardrails", () => {
  test("replace mode: the declared list stands alone, so it needs a matching attribute", () => {
    expect(fails({ connector: iprova(), mappingMode: "replace", userMappings: [{ target: "userName", source: "[userPrincipalName]" }] })).toBe(
      'test/app: userMappings: no mapping is a matching attribute; expected one mapping with matching: 1 (mappingMode "replace" sends only the declared mappings, and Entra finds existing users in the app by it)',
    );
  });

  test("merge mode: a declaration without a matching attribute keeps the template's (checked against the live schema at plan time)", () => {
    expect(() => new ScimProvisionedApp(newStack(), "app", { connector: iprova(), userMappings: [{ target: "title", source: "[jobTitle]" }] })).not.toThrow();
    expect(() => new ScimProvisionedApp(newStack(), "app", { connector: iprova(), userMappings: [{ target: "externalId", source: "[objectId]", matching: 3 }] })).not.toThrow();
  });

  test("two declared mappings with the same precedence", () => {
    expect(
      fails({
        connector: iprova(),
        userMappings: [
          { target: "userName", source: "[userPrincipalName]", matching: 1 },
          { target: "externalId", source: "[objectId]", matching: 1 },
        ],
      }),
    ).toBe('test/app: userMappings[1] (externalId).matching: precedence 1 is used by "userName" and "externalId"; expected unique precedences 1, 2, ...');
  });

  test("replace mode: precedences with a gap", () => {
    expect(
      fails({
        connector: iprova(),
        mappingMode: "replace",
        userMappings: [
          { target: "userName", source: "[userPrincipalName]", matching: 1 },
          { target: "externalId", source: "[objectId]", matching: 3 },
        ],
      }),
    ).toBe("test/app: userMappings: matching precedences 1, 3 skip 2; expected consecutive precedences starting at 1");
  });

  test("a matching attribute may be an expression of the object's attributes (Microsoft documents matching on a function of the source)", () => {
    const { app } = declared("iprova", { connector: iprova(), userMappings: [{ target: "userName", source: "ToLower([userPrincipalName], )", matching: 1 }] });
    expect(app.toManifest().users).toMatchObject({ matchingAttribute: "userName", mappings: [{ target: "userName", source: "ToLower([userPrincipalName], )", matching: 1 }] });
    expect(app.toManifest().warnings).toEqual([]);
  });

  test("a matching attribute that reads no attribute of the object is refused: it cannot tell objects apart", () => {
    expect(fails({ connector: iprova(), userMappings: [{ target: "externalId", source: '"x"', matching: 2 }] })).toBe(
      'test/app: userMappings[0] (externalId).source: the matching attribute "externalId" reads no attribute of the user, so every user would match the same account or none; expected a source computed from the user\'s attributes, e.g. [userPrincipalName] or ToLower([mail])',
    );
    expect(fails({ connector: iprova(), groupMappings: [{ target: "externalId", source: "Guid()", matching: 2 }] })).toBe(
      'test/app: groupMappings[0] (externalId).source: the matching attribute "externalId" reads no attribute of the group, so every group would match the same account or none; expected a source computed from the group\'s attributes, e.g. [objectId] or ToLower([mail])',
    );
    expect(fails({ connector: iprova(), mappingMode: "replace", userMappings: [{ target: "userName", defaultValue: "x", matching: 1 }] })).toBe(
      'test/app: userMappings[0] (userName): the matching attribute "userName" reads no attribute of the user, so every user would match the same account or none; expected a source computed from the user\'s attributes, e.g. [userPrincipalName] or ToLower([mail])',
    );
  });

  test.each([
    [0, 'test/app: userMappings[0] (userName).matching: 0 is not a precedence; expected 1 for the first matching attribute, 2 for the next, or false for "not a matching attribute" (Graph\'s matchingPriority 0)'],
    [true, 'test/app: userMappings[0] (userName).matching: true is not a positive integer; expected 1 for the first matching attribute, 2 for the next, or false for "not a matching attribute"'],
    [1.5, 'test/app: userMappings[0] (userName).matching: 1.5 is not a positive integer; expected 1 for the first matching attribute, 2 for the next, or false for "not a matching attribute"'],
    [-1, 'test/app: userMappings[0] (userName).matching: -1 is not a positive integer; expected 1 for the first matching attribute, 2 for the next, or false for "not a matching attribute"'],
  ])("matching: %p is refused with what to write instead", (matching, message) => {
    expect(fails({ connector: iprova(), userMappings: [{ target: "userName", source: "[mail]", matching: matching as number }] })).toBe(message);
  });

  test("a merge-mode mapping may declare one field alone (the app keeps the others); one that declares nothing is refused", () => {
    for (const only of [{ matching: 2 }, { matching: false as const }, { apply: "onCreateOnly" as const }, { defaultValue: "x" }]) {
      expect(() => new ScimProvisionedApp(newStack(), "app", { connector: iprova(), userMappings: [{ target: "userName", ...only }] })).not.toThrow();
    }
    expect(fails({ connector: iprova(), userMappings: [{ target: "title" }] })).toBe(
      "test/app: userMappings[0] (title): declares nothing to change; expected source, defaultValue, matching or apply (or remove: true)",
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
    ).toBe('test/app: userMappings[1] (Title).target: "Title" is declared twice (also at userMappings[0]); expected one mapping per target attribute');
  });

  test("unknown target attribute for the connector's SCIM schema", () => {
    expect(fails({ connector: iprova(), userMappings: [{ target: "favouriteColour", source: "[extensionAttribute2]" }] })).toBe(
      "test/app: userMappings[0] (favouriteColour).target: \"favouriteColour\" is not an attribute of iProva's SCIM User schema; expected a core SCIM attribute, an enterprise extension attribute, one the connector adds, or one declared in targetAttributes.users",
    );
  });

  test("a near-miss target gets a did-you-mean: a typo, an enterprise attribute without its URN, one the connector adds", () => {
    expect(
      fails({
        connector: iprova(),
        userMappings: [
          { target: "dispalyName", source: "[displayName]" },
          { target: "costCenter", source: "[extensionAttribute1]" },
        ],
        groupMappings: [{ target: "member", source: "[members]" }],
      }).split("\n"),
    ).toEqual([
      'test/app: userMappings[0] (dispalyName).target: "dispalyName" is not an attribute of iProva\'s SCIM User schema; did you mean "displayName"?',
      'test/app: userMappings[1] (costCenter).target: "costCenter" is not an attribute of iProva\'s SCIM User schema; did you mean "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:costCenter"?',
      'test/app: groupMappings[0] (member).target: "member" is not an attribute of iProva\'s SCIM Group schema; did you mean "members"?',
    ]);
    expect(
      fails({ connector: Connectors.genericScim({ objects: ["users"], extraTargets: ["badgeNumber"] }), tenantUrl: "https://scim.example.com", userMappings: [{ target: "badgeNumbr", source: "[employeeId]" }] }),
    ).toBe('test/app: userMappings[0] (badgeNumbr).target: "badgeNumbr" is not an attribute of Non-gallery SCIM app\'s SCIM User schema; did you mean "badgeNumber"?');
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
      'test/app: userMappings[0] (displayName).source: column 1: unknown function "Joinn"; did you mean "Join"?',
    );
  });

  test("wrong arity", () => {
    expect(fails({ connector: iprova(), userMappings: [{ target: "displayName", source: "Append([givenName])" }] })).toBe(
      "test/app: userMappings[0] (displayName).source: column 1: Append: argument 2 (suffix) is missing; expected Append(source, suffix)",
    );
  });

  test("an argument list the reference makes meaningless: Replace with no replacement", () => {
    expect(fails({ connector: iprova(), userMappings: [{ target: "userName", source: 'Replace([userPrincipalName], "@old.com", "@new.com")' }] })).toBe(
      'test/app: userMappings[0] (userName).source: column 1: Replace: no replacement for oldValue; expected replacementValue (argument 5) or template (argument 7), e.g. Replace([mail], "@old.com", , , "@new.com", , )',
    );
  });

  test("the role functions parse and validate at synth", () => {
    const app = (source: string): ScimProvisionedAppProps => ({
      connector: Connectors.genericScim({ objects: ["users"], extraTargets: ["roles"] }),
      tenantUrl: "https://app.example.com/scim",
      userMappings: [{ target: "roles", source }],
    });
    for (const source of ["SingleAppRoleAssignment([appRoleAssignments])", "AppRoleAssignmentsComplex([appRoleAssignments])", "AssertiveAppRoleAssignmentsComplex([appRoleAssignments])"]) {
      expect(() => new ScimProvisionedApp(newStack(), "app", app(source))).not.toThrow();
    }
    expect(fails(app("AssertiveAppRoleAssignmentsComplex([jobTitle])"))).toBe(
      "test/app: userMappings[0] (roles).source: column 1: AssertiveAppRoleAssignmentsComplex: expected the attribute [appRoleAssignments] as its argument, as in AssertiveAppRoleAssignmentsComplex([appRoleAssignments])",
    );
  });

  test("unbalanced brackets and quotes", () => {
    expect(fails({ connector: iprova(), userMappings: [{ target: "displayName", source: 'Join(" ", [givenName], [surname]' }] })).toBe(
      'test/app: userMappings[0] (displayName).source: column 5: unclosed "(" of Join; expected ")"',
    );
    expect(fails({ connector: iprova(), userMappings: [{ target: "displayName", source: 'Append([givenName], " Jr.)' }] })).toBe(
      'test/app: userMappings[0] (displayName).source: column 21: unterminated string; expected a closing " (write \\" for a quote inside a string)',
    );
  });

  test("replace mode: a mapping with neither source nor default", () => {
    expect(
      fails({ connector: iprova(), mappingMode: "replace", userMappings: [{ target: "userName", source: "[userPrincipalName]", matching: 1 }, { target: "title", apply: "onCreateOnly" }] }),
    ).toBe("test/app: userMappings[1] (title): has neither source nor defaultValue; expected a source expression, a defaultValue, or both");
  });

  test("remove in replace mode, and remove with other fields", () => {
    expect(fails({ connector: iprova(), userMappings: [{ target: "title", remove: true, source: "[jobTitle]" }] })).toBe(
      "test/app: userMappings[0] (title): removes a mapping and also sets source, defaultValue, matching or apply; expected { target, remove: true } alone",
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
    ).toBe('test/app: userMappings[1] (title).remove: is only valid with mappingMode "merge"; expected no remove in replace mode (leave the mapping out instead)');
  });

  test("SelectUniqueValue is refused outside on-premises AD provisioning", () => {
    expect(fails({ connector: iprova(), userMappings: [{ target: "externalId", source: "SelectUniqueValue([mail], [userPrincipalName])" }] })).toBe(
      "test/app: userMappings[0] (externalId).source: uses SelectUniqueValue, which Entra supports only for provisioning to on-premises Active Directory; expected another function",
    );
  });

  test("group mappings are checked against the Group schema", () => {
    expect(fails({ connector: iprova(), groupMappings: [{ target: "userName", source: "[displayName]" }] })).toBe(
      "test/app: groupMappings[0] (userName).target: \"userName\" is not an attribute of iProva's SCIM Group schema; expected a core SCIM attribute, an enterprise extension attribute, one the connector adds, or one declared in targetAttributes.groups",
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

  test("a clause names an Entra ID attribute of its object: a typo gets a did-you-mean, an unknown name the list's shape", () => {
    expect(
      fails({
        connector: iprova(),
        userScope: [{ name: "A", all: [
          { attribute: "departmnt", operator: "EQUALS", values: ["Sales"] },
          { attribute: "costCentre", operator: "IS NULL" },
          { attribute: "extension_0123456789abcdef0123456789abcdef_costCenter", operator: "IS NOT NULL" },
          { attribute: "extensionAttribute7", operator: "IS NOT NULL" },
        ] }],
        groupScope: [{ name: "G", all: [{ attribute: "displayname", operator: "EQUALS", values: ["x"] }, { attribute: "a\u2028b", operator: "IS NULL" }] }],
      }).split("\n"),
    ).toEqual([
      'test/app: userScope[0].all[0].attribute: "departmnt" is not an attribute of Entra ID users; did you mean "department"?',
      'test/app: userScope[0].all[1].attribute: "costCentre" is not an attribute of Entra ID users; expected one of Entra ID\'s attributes (e.g. "department", "userPrincipalName", "extensionAttribute1") or a directory extension "extension_<appId>_<name>"',
      'test/app: groupScope[0].all[0].attribute: "displayname" is not an attribute of Entra ID groups; did you mean "displayName"?',
      'test/app: groupScope[0].all[1].attribute: a 3-character name with control characters is not an attribute of Entra ID groups; expected one of Entra ID\'s attributes (e.g. "displayName", "mail", "description") or a directory extension "extension_<appId>_<name>"',
    ]);
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

  test("a removal needs a name and no clauses", () => {
    expect(fails({ connector: iprova(), userScope: [{ remove: true }] })).toBe(
      "test/app: userScope[0].name: is missing on a removal; expected the name of the app's filter to remove",
    );
    expect(fails({ connector: iprova(), userScope: [{ name: "x" }] })).toBe(
      "test/app: userScope[0].all: is missing; expected the filter's clauses, or remove: true to drop the app's filter of this name",
    );
  });

  test("filters in the manifest read as declared, OR-ed groups of AND-ed clauses", () => {
    const { app } = declared("iprova", {
      connector: iprova(),
      userScope: [{ all: [{ attribute: "department", operator: "EQUALS", values: ["Sales"] }] }],
    });
    expect(app.toManifest().users.scope).toEqual([{ name: "Scope 1", all: [{ attribute: "department", operator: "EQUALS", values: ["Sales"] }] }]);
  });
});

describe("targetAttributes: attributes the app's schema lacks", () => {
  const BADGE = "urn:ietf:params:scim:schemas:extension:acme:2.0:User:badge";

  test("a declared attribute can be mapped; the declarations and the manifest carry it with only its declared fields", () => {
    const { local, app, json } = declared("iprova", {
      connector: iprova(),
      targetAttributes: { users: [{ name: BADGE, type: "Integer" }, { name: "roles", multivalued: true, required: false }], groups: [{ name: "urn:ietf:params:scim:schemas:extension:acme:2.0:Group:code" }] },
      userMappings: [{ target: BADGE, source: "[employeeId]" }],
      groupMappings: [{ target: "urn:ietf:params:scim:schemas:extension:acme:2.0:Group:code", source: "[mailNickname]" }],
    });
    expect(local.objects.User.attributes).toEqual({ [BADGE.toLowerCase()]: { name: BADGE, type: "Integer" }, roles: { name: "roles", multivalued: true, required: false } });
    expect(local.objects.User.attributesField).toBe("targetAttributes.users");
    const m = app.toManifest();
    expect(m.users.targetAttributes).toEqual([{ name: BADGE, type: "Integer" }, { name: "roles", multivalued: true, required: false }]);
    expect(m.groups?.targetAttributes).toEqual([{ name: "urn:ietf:params:scim:schemas:extension:acme:2.0:Group:code" }]);
    expect(Object.keys(json.locals).filter((k) => k.startsWith("iprova_schema_directories_"))).toHaveLength(1);
  });

  test("attributes alone are a declaration: the schema is written with them, nothing else changes", () => {
    const { local, json } = declared("iprova", { connector: iprova(), targetAttributes: { users: [{ name: "roles" }] } });
    expect(Object.keys(local.objects)).toEqual(["User"]);
    expect(local.objects.User.mappings).toEqual({});
    expect(local.objects.User.field).toBe("targetAttributes.users");
    expect(Object.keys(byType(json, "msgraph_update_resource"))).toHaveLength(1);
  });

  test("zod and the name rules: one line per problem, naming app and field", () => {
    expect(fails({ connector: iprova(), targetAttributes: { users: [{ name: "roles", type: "Text" as "String" }] } })).toBe(
      'test/app: targetAttributes.users[0].type: "Text" is not allowed; expected one of "String", "Integer", "Reference", "Binary", "Boolean", "DateTime"',
    );
    expect(fails({ connector: iprova(), targetAttributes: { users: [{ name: "roles", primaryKey: true } as never] } })).toBe(
      'test/app: targetAttributes.users[0]: unknown prop "primaryKey"; expected one of name, type, multivalued, required',
    );
    expect(fails({ connector: iprova(), targetAttributes: { people: [] } as never })).toBe('test/app: targetAttributes: unknown prop "people"; expected one of users, groups');
    expect(fails({ connector: iprova(), targetAttributes: { users: [{ name: "a\nb" }] } })).toBe(
      'test/app: targetAttributes.users[0].name: "a\\nb" contains a control character or line break; expected one line of text',
    );
    expect(
      fails({ connector: iprova(), targetAttributes: { users: [{ name: "badge number" }, { name: "Roles" }, { name: "roles" }] } }).split("\n"),
    ).toEqual([
      'test/app: targetAttributes.users[0].name: "badge number" is not a SCIM attribute name; expected a name such as "urn:ietf:params:scim:schemas:extension:acme:2.0:User:badge" (Microsoft\'s pattern for a custom attribute), "roles" or \'phoneNumbers[type eq "pager"].value\'',
      'test/app: targetAttributes.users[2].name: "roles" is also declared at targetAttributes.users[1]; expected each attribute once (names compare case-insensitively)',
    ]);
    expect(fails({ connector: Connectors.airstack(), targetAttributes: { groups: [{ name: "code" }] } })).toBe(
      "test/app: targetAttributes.groups: Airstack provisions users only; expected attributes for users only",
    );
  });

  test("a mapping to an attribute that is neither in the connector's schema nor declared is refused, naming where to declare it", () => {
    expect(fails({ connector: iprova(), userMappings: [{ target: BADGE, source: "[employeeId]" }], targetAttributes: { groups: [{ name: BADGE }] } })).toBe(
      `test/app: userMappings[0] (${BADGE}).target: "${BADGE}" is not an attribute of iProva's SCIM User schema; expected a core SCIM attribute, an enterprise extension attribute, one the connector adds, or one declared in targetAttributes.users`,
    );
  });
});

describe("risky combinations warn, once, and the manifest carries the warning", () => {
  const warningsOf = (app: ScimProvisionedApp) => app.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => m.data);

  test("all users and groups, accidental-deletion prevention off, no scoping filter", () => {
    const { app } = declared("airstack", { connector: Connectors.airstack(), scope: "allUsersAndGroups", accidentalDeletions: { enabled: false } });
    const warning =
      'scope: "allUsersAndGroups" with accidentalDeletions { enabled: false } and no scoping filter: every user and group of the tenant is in scope, and nothing stops a cycle that deletes or disables them in bulk in Airstack; a scoping filter (userScope) or accidental-deletion prevention (the default, threshold 500) is safer';
    expect(app.toManifest().warnings).toEqual([warning]);
    expect(warningsOf(app)).toEqual([`test/airstack: ${warning}`]);
  });

  test.each([
    ["prevention on", { scope: "allUsersAndGroups" as const }],
    ["assigned only", { accidentalDeletions: { enabled: false } }],
    ["a scoping filter", { scope: "allUsersAndGroups" as const, accidentalDeletions: { enabled: false }, userScope: [{ name: "Staff", all: [{ attribute: "employeeType", operator: "EQUALS", values: ["Employee"] }] }] }],
  ])("no warning with %s", (_case, props) => {
    const { app } = declared("airstack", { connector: Connectors.airstack(), ...props });
    expect(app.toManifest().warnings).toEqual([]);
    expect(warningsOf(app)).toEqual([]);
  });

  test("iPass's registered-domain clause is a scoping filter", () => {
    const { app } = declared("ipass", { connector: Connectors.ipassSmartConnect({ registeredDomains: ["contoso.com"] }), scope: "allUsersAndGroups", accidentalDeletions: { enabled: false } });
    expect(app.toManifest().warnings).toEqual([]);
  });

  test("a matching attribute computed from attributes two users can share", () => {
    const { app } = declared("iprova", { connector: iprova(), userMappings: [{ target: "externalId", source: "[displayName]", matching: 2 }] });
    expect(app.toManifest().warnings).toEqual([
      'userMappings[0] (externalId).matching: the matching attribute "externalId" is computed from [displayName], which two users can share; Entra then updates the wrong account in the app or stops at the duplicate; a unique attribute such as [userPrincipalName], [mail], [objectId] or [employeeId] is safer (learn.microsoft.com/entra/identity/app-provisioning/customize-application-attributes#matching-users-in-the-source-and-target--systems)',
    ]);
    expect(warningsOf(app)).toHaveLength(1);
  });

  test.each([["[userPrincipalName]"], ['Replace([mail], "@old.example", , , "@new.example", , )'], ["[extensionAttribute3]"], ['Join("", [employeeId], [displayName])']])(
    "no warning for a matching source that reads a unique attribute: %s",
    (source) => {
      const { app } = declared("iprova", { connector: iprova(), userMappings: [{ target: "externalId", source, matching: 2 }] });
      expect(app.toManifest().warnings).toEqual([]);
    },
  );

  test("groups keep Microsoft's default of matching on displayName without a warning", () => {
    const { app } = declared("iprova", { connector: iprova(), groupMappings: [{ target: "displayName", source: "[displayName]", matching: 1 }] });
    expect(app.toManifest().warnings).toEqual([]);
  });
});
