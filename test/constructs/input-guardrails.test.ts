/**
 * Guardrails on what a new user gets wrong first (issue 13 item 4) and on hostile sizes (issue 12
 * item 5): each is one house-format line naming the stack, the app and the field.
 */
import { Testing } from "cdktf";
import { Connectors, EntraTenantStack, ScimProvisionedApp, type ScimProvisionedAppProps } from "../../constructs";
import { MAX_EXPRESSION_DEPTH, parseExpression } from "../../constructs/schema/expression";
import { byType, errorOf, newStack, only, synth } from "../helpers";

function fails(id: string, props: ScimProvisionedAppProps): string {
  return errorOf(() => new ScimProvisionedApp(newStack(), id, props));
}

const iprova = Connectors.iprova;

describe("source attributes in expressions", () => {
  test("a typo in a source attribute fails with a did-you-mean and the column", () => {
    expect(fails("app", { connector: iprova(), userMappings: [{ target: "displayName", source: 'Join(" ", [givnName], [surname])' }] })).toBe(
      "test/app: userMappings[0] (displayName).source: column 11: [givnName] is not an attribute of Entra ID users; did you mean [givenName]?",
    );
  });

  test("case matters: the right case is suggested", () => {
    expect(fails("app", { connector: iprova(), userMappings: [{ target: "title", source: "[JobTitle]" }] })).toBe(
      "test/app: userMappings[0] (title).source: column 1: [JobTitle] is not an attribute of Entra ID users; did you mean [jobTitle]?",
    );
  });

  test("an unknown name without a near match says what is expected", () => {
    expect(fails("app", { connector: iprova(), userMappings: [{ target: "title", source: "[favouriteColour]" }] })).toBe(
      "test/app: userMappings[0] (title).source: column 1: [favouriteColour] is not an attribute of Entra ID users; expected one of Entra ID's attributes (e.g. [userPrincipalName], [mail], [extensionAttribute1]) or a directory extension [extension_<appId>_<name>]",
    );
  });

  test("group mappings are checked against group attributes", () => {
    expect(fails("app", { connector: iprova(), groupMappings: [{ target: "externalId", source: "[userPrincipalName]" }] })).toBe(
      "test/app: groupMappings[0] (externalId).source: column 1: [userPrincipalName] is not an attribute of Entra ID groups; expected one of Entra ID's attributes (e.g. [userPrincipalName], [mail], [extensionAttribute1]) or a directory extension [extension_<appId>_<name>]",
    );
  });

  test("extensionAttribute1..15, directory extensions and the specials are accepted", () => {
    const stack = newStack();
    expect(
      () =>
        new ScimProvisionedApp(stack, "app", {
          connector: iprova(),
          userMappings: [
            { target: "title", source: "Coalesce([extensionAttribute15], [extension_53c9e2c0e1a24b5d8a0c3d3f2f7e9a11_costCenter])" },
            { target: "nickName", source: 'IIF([IsSoftDeleted]="True", [objectId], SingleAppRoleAssignment([appRoleAssignments]))' },
            { target: "userType", source: "[manager]" },
          ],
          groupMappings: [{ target: "members", source: "[members]" }],
        }),
    ).not.toThrow();
    expect(fails("app", { connector: iprova(), userMappings: [{ target: "title", source: "[extensionAttribute16]" }] })).toMatch(
      /\[extensionAttribute16\] is not an attribute of Entra ID users; did you mean \[extensionAttribute1\d?\]\?$/,
    );
  });
});

describe("expression size limits", () => {
  const nested = (depth: number) => "ToLower(".repeat(depth) + "[mail]" + ")".repeat(depth);

  test(`${MAX_EXPRESSION_DEPTH} nested calls are fine, one more fails with the house line`, () => {
    expect(() => parseExpression(nested(MAX_EXPRESSION_DEPTH))).not.toThrow();
    expect(fails("app", { connector: iprova(), userMappings: [{ target: "title", source: nested(MAX_EXPRESSION_DEPTH + 1) }] })).toBe(
      `test/app: userMappings[0] (title).source: column ${MAX_EXPRESSION_DEPTH * 8 + 1}: ToLower is nested deeper than 32 function calls; expected at most 32 levels (split the logic over simpler mappings)`,
    );
  });

  test("200 and 20,000 levels fail with one line, no stack overflow", () => {
    expect(fails("app", { connector: iprova(), userMappings: [{ target: "title", source: nested(200) }] })).toMatch(
      /^test\/app: userMappings\[0\] \(title\)\.source: column 257: ToLower is nested deeper than 32 function calls; /,
    );
    expect(fails("app", { connector: iprova(), userMappings: [{ target: "title", source: nested(20_000) }] })).toBe(
      "test/app: userMappings[0] (title).source: column 1: the expression is 180006 characters long; expected at most 10000",
    );
    // Under the length cap but deep: brackets only, the parser stops at the limit before recursing.
    const deepShort = "Not(".repeat(1500) + "[mail]" + ")".repeat(1500);
    expect(fails("app", { connector: iprova(), userMappings: [{ target: "title", source: deepShort }] })).toMatch(/nested deeper than 32 function calls/);
  });
});

describe("assignment and on-demand subjects", () => {
  test("a user must be a UPN or an object id", () => {
    expect(fails("app", { connector: iprova(), assignments: [{ user: "alice", role: "User" }] })).toBe(
      'test/app: assignments[0].user: "alice" is neither a user principal name nor an object id; expected a UPN such as "alice@contoso.com" or a GUID',
    );
    expect(fails("app", { connector: iprova(), onDemand: { users: ["bob smith@contoso.com"] } })).toBe(
      'test/app: onDemand.users[0]: "bob smith@contoso.com" is neither a user principal name nor an object id; expected a UPN such as "alice@contoso.com" or a GUID',
    );
    const stack = newStack();
    expect(
      () =>
        new ScimProvisionedApp(stack, "app", {
          connector: iprova(),
          assignments: [
            { user: "alice_fabrikam.com#EXT#@contoso.onmicrosoft.com", role: "User" },
            { user: "0f8fad5b-d9cb-469f-a165-70867728950e", role: "User" },
          ],
        }),
    ).not.toThrow();
  });

  test("iPass on-demand users must be in the registered domains, compared case-insensitively", () => {
    const ipass = () => Connectors.ipassSmartConnect({ registeredDomains: ["Contoso.com"] });
    expect(fails("ipass", { connector: ipass(), onDemand: { users: ["pilot@fabrikam.com"] } })).toBe(
      'test/ipass: onDemand.users[0]: "pilot@fabrikam.com" is outside iPass SmartConnect\'s registered domains (Contoso.com); expected a user in one of them (others are out of scope and would be skipped)',
    );
    const stack = newStack();
    expect(() => new ScimProvisionedApp(stack, "ipass", { connector: ipass(), onDemand: { users: ["Pilot@CONTOSO.com", "0f8fad5b-d9cb-469f-a165-70867728950e"] } })).not.toThrow();
  });

  test("repeated assignments and on-demand subjects", () => {
    expect(
      fails("app", {
        connector: iprova(),
        assignments: [
          { group: "Staff", role: "User" },
          { group: "staff", role: "User" },
        ],
      }),
    ).toBe("test/app: assignments[1]: repeats assignments[0]; expected each principal and role once");
    expect(fails("app", { connector: iprova(), onDemand: { groups: ["Staff", "Staff"] } })).toBe(
      'test/app: onDemand.groups[1]: "Staff" repeats onDemand.groups[0]; expected each subject once',
    );
  });
});

describe("accidental deletions", () => {
  const settings = (accidentalDeletions: ScimProvisionedAppProps["accidentalDeletions"]) => {
    const stack = newStack();
    new ScimProvisionedApp(stack, "app", { connector: iprova(), accidentalDeletions });
    const secret = only(synth(stack), "azuread_synchronization_secret");
    return JSON.parse(secret.credential.find((c: any) => c.key === "SyncNotificationSettings").value);
  };

  test("{ enabled: true } is on with the default threshold", () => {
    expect(settings({ enabled: true })).toMatchObject({ DeleteThresholdEnabled: true, DeleteThresholdValue: 500 });
    expect(settings({ enabled: true, threshold: 20 })).toMatchObject({ DeleteThresholdEnabled: true, DeleteThresholdValue: 20 });
  });

  test("the threshold has an upper bound", () => {
    expect(settings({ threshold: 1_000_000 })).toMatchObject({ DeleteThresholdValue: 1_000_000 });
    expect(fails("app", { connector: iprova(), accidentalDeletions: { threshold: 1e12 } })).toBe(
      "test/app: accidentalDeletions.threshold: 1000000000000 is above 1000000; expected at most 1000000 deletions per cycle (set enabled: false to turn prevention off)",
    );
  });
});

describe("ids are identifiers and unique: one line, no constructs stack trace", () => {
  test("a duplicate app id", () => {
    const stack = newStack();
    new ScimProvisionedApp(stack, "iprova", { connector: iprova() });
    expect(errorOf(() => new ScimProvisionedApp(stack, "iprova", { connector: iprova(), displayName: "iProva 2" }))).toBe(
      'test/iprova: id: "iprova" is already used by another construct in this stack; expected a unique app id',
    );
  });

  test("a duplicate stack id", () => {
    const app = Testing.app();
    new EntraTenantStack(app, "prod", { tenantId: "contoso.onmicrosoft.com" });
    expect(errorOf(() => new EntraTenantStack(app, "prod", { tenantId: "fabrikam.onmicrosoft.com" }))).toBe(
      'prod: id: "prod" is already used by another construct in this app; expected a unique stack id',
    );
  });

  test("ids with characters that are not identifier characters", () => {
    expect(fails("${file(\"/etc/hostname\")}", { connector: iprova() })).toBe(
      'test/${file("/etc/hostname")}: id: "${file(\\"/etc/hostname\\")}" is not a valid app id; expected 1-64 letters, digits, "-" or "_" starting with a letter or digit, e.g. "iprova" (it names resources and the token variable)',
    );
    expect(errorOf(() => new EntraTenantStack(Testing.app(), "..", { tenantId: "contoso.onmicrosoft.com" }))).toBe(
      '..: id: ".." is not a valid stack id; expected 1-64 letters, digits, "-" or "_" starting with a letter or digit, e.g. "contoso-prod" (it names the stack\'s directory and state)',
    );
  });

  test("assignments keep their construct ids stable", () => {
    const stack = newStack();
    new ScimProvisionedApp(stack, "app", { connector: iprova(), assignments: [{ group: "Staff", role: "User" }] });
    expect(Object.keys(byType(synth(stack), "azuread_app_role_assignment"))).toHaveLength(1);
  });
});

describe("length caps (the manifest's readers may rely on them)", () => {
  const long = (n: number) => "x".repeat(n);
  test.each([
    ["displayName", { displayName: long(257) }, "test/app: displayName: is longer than 256 characters; expected at most 256"],
    ["group", { assignments: [{ group: long(257), role: "User" }] }, "test/app: assignments[0].group: is longer than 256 characters; expected at most 256"],
    ["role", { assignments: [{ group: "G", role: long(257) }] }, "test/app: assignments[0].role: is longer than 256 characters; expected at most 256"],
    ["email", { notifications: { email: `${long(250)}@contoso.com` } }, "test/app: notifications.email: is longer than 254 characters; expected at most 254"],
    [
      "UPN over 113 characters",
      { onDemand: { users: [`${long(60)}@${long(60)}.com`] } },
      'test/app: onDemand.users[0]: a 125-character string is neither a user principal name nor an object id; expected a UPN such as "alice@contoso.com" or a GUID',
    ],
    [
      "default value",
      { userMappings: [{ target: "title", defaultValue: long(1025) }] },
      "test/app: userMappings[0].defaultValue: is longer than 1024 characters; expected at most 1024",
    ],
    [
      "scoping value",
      { userScope: [{ all: [{ attribute: "department", operator: "EQUALS", values: [long(1025)] }] }] },
      "test/app: userScope[0].all[0].values[0]: is longer than 1024 characters; expected at most 1024",
    ],
  ] as Array<[string, Partial<ScimProvisionedAppProps>, string]>)("%s", (_name, extra, message) => {
    expect(fails("app", { connector: iprova(), ...extra })).toBe(message);
  });
});
