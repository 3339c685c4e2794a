/**
 * Entra's source attributes from Graph objects, and mapObject over Graph objectMappings
 * (Microsoft's documented Salesforce example among them).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { entraSourceFromGraphGroup, entraSourceFromGraphUser, evaluateExpression, mapObject, type ObjectMappingInput } from "../../expressions";

const ADA = {
  id: "5d3f6b8e-0c4a-4f5e-9b7d-1a2b3c4d5e6f",
  userPrincipalName: "ada@contoso.com",
  displayName: "Ada Lovelace",
  givenName: "Ada",
  surname: "Lovelace",
  mail: "ada@contoso.com",
  accountEnabled: true,
  businessPhones: ["+44 20 7946 0000", "+44 20 7946 0001"],
  mobilePhone: "+44 7700 900000",
  faxNumber: "+44 20 7946 0999",
  officeLocation: "London",
  onPremisesImmutableId: "AbC123==",
  proxyAddresses: ["SMTP:ada@contoso.com", "smtp:ada.lovelace@contoso.com"],
  onPremisesExtensionAttributes: { extensionAttribute1: "E-1001", extensionAttribute2: null, extensionAttribute15: "last" },
  manager: { "@odata.type": "#microsoft.graph.user", id: "11111111-2222-3333-4444-555555555555", displayName: "Charles Babbage" },
  extension_0123456789abcdef0123456789abcdef_costCenter: "CC-42",
  identities: [{ signInType: "userPrincipalName", issuer: "contoso.com", issuerAssignedId: "ada@contoso.com" }],
  "@odata.etag": "W/1",
};

describe("entraSourceFromGraphUser", () => {
  const source = entraSourceFromGraphUser(ADA);

  test("Entra's names for renamed Graph properties", () => {
    expect(source).toMatchObject({
      objectId: ADA.id,
      telephoneNumber: "+44 20 7946 0000",
      mobile: "+44 7700 900000",
      facsimileTelephoneNumber: "+44 20 7946 0999",
      physicalDeliveryOfficeName: "London",
      immutableId: "AbC123==",
      extensionAttribute1: "E-1001",
      extensionAttribute2: null,
      extensionAttribute3: null,
      extensionAttribute15: "last",
      manager: "11111111-2222-3333-4444-555555555555",
      IsSoftDeleted: false,
      appRoleAssignments: null,
    });
  });

  test("Graph names stay readable too, directory extensions included; objects that are not attributes are left out", () => {
    expect(source).toMatchObject({ mail: "ada@contoso.com", mobilePhone: "+44 7700 900000", businessPhones: ADA.businessPhones, proxyAddresses: ADA.proxyAddresses });
    expect(source.extension_0123456789abcdef0123456789abcdef_costCenter).toBe("CC-42");
    expect(source.identities).toBeUndefined();
    expect(source.onPremisesExtensionAttributes).toBeUndefined();
    expect(source["@odata.etag"]).toBeUndefined();
  });

  test("IsSoftDeleted: a disabled or soft-deleted user", () => {
    expect(entraSourceFromGraphUser({ ...ADA, accountEnabled: false }).IsSoftDeleted).toBe(true);
    expect(entraSourceFromGraphUser({ ...ADA, deletedDateTime: "2024-01-01T00:00:00Z" }).IsSoftDeleted).toBe(true);
    expect(evaluateExpression('Switch([IsSoftDeleted], , "False", "True", "True", "False")', entraSourceFromGraphUser({ ...ADA, accountEnabled: false }))).toBe("False");
  });

  test("a B2B guest: userPrincipalName is the original alias@theirdomain, originalUserPrincipalName the full UPN", () => {
    const guest = entraSourceFromGraphUser({ id: "g", userPrincipalName: "grace_hop_fabrikam.com#EXT#@contoso.onmicrosoft.com" });
    expect(guest.userPrincipalName).toBe("grace_hop@fabrikam.com");
    expect(guest.originalUserPrincipalName).toBe("grace_hop_fabrikam.com#EXT#@contoso.onmicrosoft.com");
  });

  test("missing properties are no value", () => {
    const bare = entraSourceFromGraphUser({ id: "x" });
    expect(bare).toMatchObject({ objectId: "x", telephoneNumber: null, manager: null, extensionAttribute1: null, IsSoftDeleted: false });
    expect(bare.mail).toBeNull();
    expect(bare.facsimileTelephoneNumber).toBeNull();
  });

  test("app role assignments come from the caller, with the roles' values", () => {
    const s = entraSourceFromGraphUser(ADA, { appRoleAssignments: [{ value: "Admin", displayName: "Administrator" }] });
    expect(evaluateExpression("SingleAppRoleAssignment([appRoleAssignments])", s)).toBe("Admin");
  });
});

describe("entraSourceFromGraphGroup", () => {
  test("objectId, members' ids, and the group's own properties", () => {
    const g = entraSourceFromGraphGroup({ id: "grp", displayName: "Sales", mailEnabled: false, securityEnabled: true, members: [{ id: "u1" }, { id: "u2" }] });
    expect(g).toMatchObject({ objectId: "grp", displayName: "Sales", securityEnabled: true, members: ["u1", "u2"], IsSoftDeleted: false });
  });
});

describe("mapObject", () => {
  const attr = (name: string) => ({ type: "Attribute" as const, name, expression: `[${name}]`, parameters: [] });
  const mapping: ObjectMappingInput = {
    attributeMappings: [
      { targetAttributeName: "userName", source: attr("userPrincipalName"), matchingPriority: 1 },
      { targetAttributeName: "title", source: attr("jobTitle"), defaultValue: "Employee" },
      { targetAttributeName: "userType", source: null, defaultValue: "Member" },
      { targetAttributeName: "externalId", source: { type: "Constant", name: "fixed" } },
      { targetAttributeName: "nickName", source: attr("mailNickname") },
      { targetAttributeName: "preferredLanguage", source: { type: "Function", name: "IgnoreFlowIfNullOrEmpty", expression: "IgnoreFlowIfNullOrEmpty([preferredLanguage])" }, defaultValue: "en-US" },
      { targetAttributeName: "urn:x:created", source: { type: "Function", expression: "Now()" }, flowType: "ObjectAddOnly" },
      { targetAttributeName: "active", source: { type: "Function", expression: 'Switch([IsSoftDeleted], , "False", "True", "True", "False")' } },
      { targetAttributeName: "emails", source: attr("otherMails") },
      { targetAttributeName: "broken", source: { type: "Function", expression: 'CDate("soon")' } },
    ],
  };
  const source = { userPrincipalName: "ada@contoso.com", jobTitle: null, mailNickname: "", IsSoftDeleted: false, otherMails: ["a@x.com", "b@x.com"] };
  const now = new Date("2024-05-01T08:00:00Z");

  test("on create: direct, constant, default and expression mappings; only attributes with a value; failures listed", () => {
    expect(mapObject(mapping, source, { now })).toEqual({
      attributes: {
        userName: "ada@contoso.com",
        title: "Employee",
        userType: "Member",
        externalId: "fixed",
        nickName: "",
        "urn:x:created": "5/1/2024 8:00:00 AM",
        active: "True",
        emails: ["a@x.com", "b@x.com"],
      },
      errors: [{ attribute: "broken", message: 'CDate: argument 1: cannot read "soon" as a date/time; expected ISO 8601 (2021-06-30T08:00:00+08:00, 2021-06-30) or M/d/yyyy h:mm:ss tt' }],
    });
  });

  test("on update: no default values and no create-only mappings", () => {
    const { attributes } = mapObject(mapping, source, { now, operation: "update" });
    expect(Object.keys(attributes).sort()).toEqual(["active", "emails", "externalId", "nickName", "userName"]);
  });

  test("values convert to the target attribute's type when its definition is given", () => {
    const { attributes } = mapObject(mapping, source, { now, targetAttributes: [{ name: "active", type: "Boolean" }, { name: "externalId", type: "String" }] });
    expect(attributes.active).toBe(true);
  });

  test("a disabled object mapping provisions nothing", () => {
    expect(mapObject({ ...mapping, enabled: false }, source)).toEqual({ attributes: {} });
  });

  test("a Function source without its expression text is printed from its parameters", () => {
    const m: ObjectMappingInput = {
      attributeMappings: [
        {
          targetAttributeName: "userName",
          source: { type: "Function", name: "Replace", parameters: [
            { key: "source", value: attr("userPrincipalName") },
            { key: "Find", value: { type: "Constant", name: "@contoso.com" } },
            { key: "Replacement", value: { type: "Constant", name: "@fabrikam.com" } },
          ] },
        },
      ],
    };
    expect(mapObject(m, source).attributes).toEqual({ userName: "ada@fabrikam.com" });
  });

  test("Microsoft's documented Salesforce object mapping", () => {
    const rules = JSON.parse(readFileSync(join(__dirname, "../fixtures/schemas/microsoft-doc-salesforce.json"), "utf8"));
    const users = rules[0].objectMappings.find((om: { sourceObjectName: string }) => om.sourceObjectName === "User");
    const ada = entraSourceFromGraphUser({ ...ADA, preferredLanguage: "en-GB" }, { appRoleAssignments: [{ value: "Standard User" }] });
    const { attributes, errors } = mapObject(users, ada);
    expect(errors).toBeUndefined();
    expect(attributes).toMatchObject({ IsActive: true, Email: "ada@contoso.com", EmailEncodingKey: "ISO-8859-1", Username: "ada@contoso.com" });
  });
});
