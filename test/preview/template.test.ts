/**
 * Preview over a template schema: the app's declarations laid over the template's mappings and
 * filters by name (as deploy does), and the target directory's attribute types.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { clone } from "../review/manifests";
import { file, hrApp, outWith, preview } from "./fixtures";

const TEMPLATE_RULES = JSON.parse(readFileSync(join(__dirname, "../fixtures/schemas/users-first.json"), "utf8"));

function mergeApp() {
  const app = hrApp();
  return {
    ...app,
    scope: "allUsersAndGroups" as const,
    assignments: [],
    mappingMode: "merge" as const,
    users: {
      matchingAttribute: null,
      mappings: [{ target: "userName", source: 'Replace([userPrincipalName], "@contoso.com", , , "@contoso.net", , )', apply: "always" as const }],
      removed: ["title"],
      scope: [{ name: "Sales", all: [{ attribute: "department", operator: "EQUALS", values: ["Sales"] }] }],
      removedScope: [],
      targetAttributes: [],
      requiredClauses: [{ attribute: "userPrincipalName", operator: "ENDS_WITH", values: ["@contoso.com"] }],
    },
  };
}

const USERS = [
  { id: "u1", userPrincipalName: "ada@contoso.com", mail: "ada@contoso.com", department: "Sales", jobTitle: "Engineer", givenName: "Ada", accountEnabled: true, faxNumber: "+1 555 0100", manager: { id: "m1" } },
  { id: "u2", userPrincipalName: "bob@contoso.com", mail: null, department: "Sales", accountEnabled: true },
  { id: "u3", userPrincipalName: "eve@fabrikam.com", mail: "eve@fabrikam.com", department: "Sales", accountEnabled: true },
];

test("declarations over the template: a declared source, a removed target, filters by name, the connector's clause in every filter", () => {
  const r = preview(["--out", outWith(mergeApp()), "--app", "hr", "--users", file("users.json", USERS), "--template", file("template.json", TEMPLATE_RULES), "--json"]);
  expect(r.code).toBe(0);
  const users = JSON.parse(r.out).users;
  expect(users[0]).toEqual({
    id: "u1",
    userPrincipalName: "ada@contoso.com",
    inScope: true,
    scopeGroup: "Template filter",
    attributes: {
      active: "True",
      "emails[type eq \"work\"].value": "ada@contoso.com",
      "name.givenName": "Ada",
      'phoneNumbers[type eq "fax"].value': "+1 555 0100",
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager": "m1",
      userName: "ada@contoso.net",
    },
  });
  // The template's filter needs mail; the declared "Sales" filter holds for bob; eve fails the connector's clause in both.
  expect(users[1]).toMatchObject({ inScope: true, scopeGroup: "Sales" });
  expect(users[2]).toEqual({
    id: "u3",
    userPrincipalName: "eve@fabrikam.com",
    inScope: false,
    reason: '"Template filter": userPrincipalName ENDS_WITH "@contoso.com" does not hold; "Sales": userPrincipalName ENDS_WITH "@contoso.com" does not hold',
    attributes: {},
  });
  expect(r.out).not.toContain('"title"');
});

test("a schema document with directories: values take the target attribute's type", () => {
  const schema = {
    synchronizationRules: TEMPLATE_RULES,
    directories: [{ name: clone(TEMPLATE_RULES)[0].targetDirectoryName, objects: [{ name: "User", attributes: [{ name: "active", type: "Boolean" }, { name: "userName", type: "String" }] }] }],
  };
  const r = preview(["--out", outWith(mergeApp()), "--app", "hr", "--users", file("users.json", USERS), "--template", file("schema.json", schema), "--json"]);
  expect(JSON.parse(r.out).users[0].attributes.active).toBe(true);
});

test("a template that is not a schema is one line naming the file", () => {
  const bad = file("template.json", { rules: [] });
  const r = preview(["--out", outWith(mergeApp()), "--app", "hr", "--users", file("users.json", USERS), "--template", bad]);
  expect(r).toEqual({ code: 64, out: "", err: `preview: ${bad}: (document): expected a synchronization schema: an object with synchronizationRules (GET .../schema) or the rules list\n` });
});
