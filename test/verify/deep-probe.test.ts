/** The pieces of `verify --deep` that need no server: probe objects, PATCH dialects, the table. */
import { PatchForm, usesCompliantPatch, filterString } from "../../cli/verify/deep/patch-form";
import { buildProbe, plausibleValue, probeTargets, readTarget, segments, setTarget } from "../../cli/verify/deep/probe-objects";
import { renderDeepTable } from "../../cli/verify/deep/report";
import { shownUrl } from "../../cli/verify/shown";
import { ENTERPRISE_USER } from "../../constructs/schema/scim-attributes";

describe("probe objects from the app's mappings", () => {
  const declared = [
    { target: "userName", source: "[userPrincipalName]", matching: 1, apply: "always" },
    { target: `${ENTERPRISE_USER}:costCenter`, source: '"CC-42"', apply: "always" },
    { target: "nickName", source: "[mailNickname]", apply: "onCreateOnly" },
    { target: 'phoneNumbers[type eq "fax"].value', remove: true },
  ];

  test("merge: declared targets plus Entra's defaults, minus declared removals", () => {
    const targets = probeTargets("users", declared, "merge");
    expect(targets.filter((t) => t.declared).map((t) => t.target)).toEqual(["userName", `${ENTERPRISE_USER}:costCenter`, "nickName"]);
    expect(targets.some((t) => t.target === "displayName" && !t.declared)).toBe(true);
    expect(targets.some((t) => t.target.startsWith("phoneNumbers[type eq \"fax\"]"))).toBe(false);
  });

  test("replace: only the declared targets", () => {
    expect(probeTargets("users", declared, "replace").map((t) => t.target)).toEqual(["userName", `${ENTERPRISE_USER}:costCenter`, "nickName"]);
  });

  test("constants are sent as declared and never updated; onCreateOnly values are not updated; manager travels in PATCH", () => {
    const probe = buildProbe("users", { matchingAttribute: "userName", mappings: declared }, "merge", "entra-provisioning-probe-0a1b2c3d");
    const byTarget = Object.fromEntries(probe.attributes.map((a) => [a.target, a]));
    expect(byTarget[`${ENTERPRISE_USER}:costCenter`]).toEqual({ target: `${ENTERPRISE_USER}:costCenter`, value: "CC-42", declared: true });
    expect(byTarget.nickName.updated).toBeUndefined();
    expect(byTarget.displayName).toEqual({ target: "displayName", value: "entra-provisioning-probe-0a1b2c3d", updated: "entra-provisioning-probe-0a1b2c3d-updated", declared: false });
    expect(probe.managerTarget).toBe(`${ENTERPRISE_USER}:manager`);
    expect(probe.matchingValue).toBe("entra-provisioning-probe-0a1b2c3d@example.com");
    expect((probe.resource.schemas as string[])).toEqual(["urn:ietf:params:scim:schemas:core:2.0:User", ENTERPRISE_USER]);
    expect(JSON.stringify(probe.resource)).not.toContain("manager");
  });

  test("plausible values follow the target's type", () => {
    const name = "entra-provisioning-probe-0a1b2c3d";
    expect(plausibleValue("users", "active", name, 0)).toBe(true);
    expect(plausibleValue("users", 'emails[type eq "work"].value', name, 0)).toBe(`${name}.work@example.com`);
    expect(plausibleValue("users", 'phoneNumbers[type eq "mobile"].value', name, 1)).toBe("+1 425 555 0103");
    expect(plausibleValue("users", `${ENTERPRISE_USER}:employeeNumber`, name, 0)).toMatch(/^\d{8}$/);
    expect(plausibleValue("users", "urn:ietf:params:scim:schemas:extension:acme:2.0:User:hireDate", name, 0)).toBe("2026-01-01T00:00:00Z");
    expect(plausibleValue("users", "urn:ietf:params:scim:schemas:extension:acme:2.0:User:isContractor", name, 0)).toBe(true);
    expect(plausibleValue("users", "roles", name, 0)).toEqual([{ value: name }]);
    expect(plausibleValue("groups", "externalId", name, 0)).toMatch(/^[0-9a-f-]{36}$/);
  });

  test("target paths: set into a resource and read back, attribute names in any case", () => {
    expect(segments(`${ENTERPRISE_USER}:manager.value`)).toEqual({ schema: ENTERPRISE_USER, attribute: "manager", sub: "value" });
    expect(segments('addresses[type eq "work"].postalCode')).toEqual({ attribute: "addresses", filter: { attribute: "type", value: "work" }, sub: "postalCode" });
    const resource: Record<string, unknown> = { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"] };
    setTarget(resource, 'emails[type eq "work"].value', "a@example.com");
    setTarget(resource, 'emails[type eq "work"].primary', true);
    setTarget(resource, "name.givenName", "Probe");
    setTarget(resource, `${ENTERPRISE_USER}:department`, "Sales");
    expect(resource).toEqual({
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User", ENTERPRISE_USER],
      emails: [{ type: "work", value: "a@example.com", primary: true }],
      name: { givenName: "Probe" },
      [ENTERPRISE_USER]: { department: "Sales" },
    });
    const returned = { Emails: [{ Type: "Work", Value: "a@example.com" }], NAME: { givenname: "Probe" }, [ENTERPRISE_USER.toLowerCase()]: { Department: "Sales" } };
    expect(readTarget(returned, 'emails[type eq "work"].value')).toBe("a@example.com");
    expect(readTarget(returned, "name.givenName")).toBe("Probe");
    expect(readTarget(returned, `${ENTERPRISE_USER}:department`)).toBe("Sales");
    expect(readTarget(returned, 'emails[type eq "home"].value')).toBeUndefined();
  });

  test("setting a target never writes through an inherited property", () => {
    const resource: Record<string, unknown> = { schemas: [] };
    setTarget(resource, "constructor.prototype", "x");
    expect(Object.prototype.hasOwnProperty.call(resource, "constructor")).toBe(true);
    expect(resource.constructor).toEqual({ prototype: "x" });
    expect(typeof Object.prototype).toBe("object");
  });
});

describe("Entra's PATCH dialects", () => {
  test("the aadOptscim062020 flag is read from the tenant URL's query, in any case", () => {
    expect(usesCompliantPatch("https://app.example.com/scim?aadOptscim062020")).toBe(true);
    expect(usesCompliantPatch("https://app.example.com/scim?tenant=1&AADOPTSCIM062020=")).toBe(true);
    expect(usesCompliantPatch("https://app.example.com/scim/aadOptscim062020")).toBe(false);
    expect(usesCompliantPatch("https://app.example.com/scim")).toBe(false);
  });

  test("default dialect: capitalised ops, string booleans, one op per attribute, member removal with a value list", () => {
    const form = new PatchForm(false);
    expect(form.disable().Operations).toEqual([{ op: "Replace", path: "active", value: "False" }]);
    expect(form.replaceMany([["displayName", "x"], ['emails[type eq "work"].value', "y"]]).Operations).toEqual([
      { op: "Replace", path: "displayName", value: "x" },
      { op: "Replace", path: 'emails[type eq "work"].value', value: "y" },
    ]);
    expect(form.removeMember("u1").Operations).toEqual([{ op: "Remove", path: "members", value: [{ value: "u1" }] }]);
  });

  test("compliant dialect: lowercase ops, booleans, path-less multi-replace, member removal by filter with the id quoted safely", () => {
    const form = new PatchForm(true);
    expect(form.disable().Operations).toEqual([{ op: "replace", path: "active", value: false }]);
    expect(form.replaceMany([["displayName", "x"], ['emails[type eq "work"].value', "y"], ["name.givenName", "z"]]).Operations).toEqual([
      { op: "replace", path: 'emails[type eq "work"].value', value: "y" },
      { op: "replace", value: { displayName: "x", "name.givenName": "z" } },
    ]);
    expect(form.removeMember('u"1] or true').Operations).toEqual([{ op: "remove", path: 'members[value eq "u\\"1] or true"]' }]);
    expect(filterString('a"b\\c')).toBe('"a\\"b\\\\c"');
  });
});

describe("the --deep table", () => {
  test("credentials in a tenant URL are never shown", () => {
    expect(shownUrl("https://admin:SENTINEL-pass@app.example.com/scim?aadOptscim062020")).toBe("https://***@app.example.com/scim?aadOptscim062020");
    expect(shownUrl("https://app.example.com/scim")).toBe("https://app.example.com/scim");
  });

  test("one row per test with what to fix; control characters from manifests or servers cannot reach the terminal", () => {
    const text = renderDeepTable({
      ok: false,
      deep: true,
      apps: [
        {
          stack: "prod",
          app: "acme\u001b[2J",
          tenantUrl: "https://acme.example.com/scim",
          ok: false,
          checks: [
            { name: "user-create", ok: true, status: 201, ms: 12, message: "created with 3 attributes, all returned as sent" },
            { name: "user-disable", ok: false, status: 200, ms: 8, message: "the PATCH was accepted, but active is not false\n# forged heading" },
            { name: "user-manager-add", ok: true, warning: true, skipped: true, ms: 0, message: "skipped: no manager mapping: Entra sends no manager to this app" },
          ],
        },
      ],
    });
    expect(text).toBe(
      [
        "FAIL  prod/acme␛[2J  https://acme.example.com/scim  (verify --deep)",
        "  test                  result  HTTP      ms  what to fix",
        "  user-create           pass     201      12  - (created with 3 attributes, all returned as sent)",
        "  user-disable          FAIL     200       8  the PATCH was accepted, but active is not false␊# forged heading",
        "  user-manager-add      skip       -       0  skipped: no manager mapping: Entra sends no manager to this app",
        "",
        "1 of 1 app(s) failed",
        "",
      ].join("\n"),
    );
  });
});
