import { Connectors, ScimProvisionedApp, type Connector } from "../../constructs";
import { TUTORIALS } from "../../constructs/connectors/tutorials";
import { byType, newStack, only, synth } from "../helpers";

/** What each gallery connector must synthesize, from Microsoft's tutorial of its app. */
const GALLERY: Array<{
  id: string;
  tutorial: keyof typeof TUTORIALS;
  connector: () => Connector;
  gallery: string;
  tenantUrl: string;
  objects: string[];
  tokenRule: boolean;
}> = [
  {
    id: "ipass",
    tutorial: "ipassSmartConnect",
    connector: () => Connectors.ipassSmartConnect({ registeredDomains: ["contoso.com", "Fabrikam.co.uk"] }),
    gallery: "iPass SmartConnect",
    tenantUrl: "https://openmobile.ipass.com/moservices/scim/v1",
    objects: ["users"],
    tokenRule: false,
  },
  {
    id: "iprova",
    tutorial: "iprova",
    connector: () => Connectors.iprova(),
    gallery: "iProva",
    tenantUrl: "https://identitymanagement.services.iProva.nl/scim",
    objects: ["users", "groups"],
    tokenRule: false,
  },
  {
    id: "airstack",
    tutorial: "airstack",
    connector: () => Connectors.airstack(),
    gallery: "Airstack",
    tenantUrl: "https://api-as.lenovosoftware.com/0/as/common/scim",
    objects: ["users"],
    tokenRule: false,
  },
  {
    id: "smartfile",
    tutorial: "smartFile",
    connector: () => Connectors.smartFile({ siteName: "Demo1Test" }),
    gallery: "SmartFile",
    tenantUrl: "https://demo1test.smartfile.com/ftp/scim",
    objects: ["users", "groups"],
    tokenRule: true,
  },
];

describe.each(GALLERY)("connector $gallery", ({ id, tutorial, connector, gallery, tenantUrl, objects, tokenRule }) => {
  test("catalog data from its tutorial, which the limitations name and link", () => {
    const c = connector();
    expect(c.galleryName).toBe(gallery);
    // iPass: today's tutorial lets the admin enter their own Tenant URL; the 2019 one's is the default.
    expect(c.tenantUrl).toEqual({ kind: id === "ipass" ? "default" : "fixed", url: tenantUrl });
    expect(c.objects).toEqual(objects);
    expect(c.problems).toEqual([]);
    expect(c.limitations).toContain("Users assigned with the Default Access role are excluded from provisioning (the app's Microsoft provisioning tutorial): assign a real application role.");
    const { name, url } = TUTORIALS[tutorial];
    expect(c.limitations.filter((l) => l.includes(`(${name}, ${url})`))).toHaveLength(1);
    expect(url).toMatch(/^https:\/\/learn\.microsoft\.com\/entra\/identity\/saas-apps\/[a-z-]+-provisioning-tutorial$/);
  });

  test("synthesizes the gallery lookup, the app, the secret with its tenant URL and the job; no schema write without a declaration", () => {
    const stack = newStack();
    new ScimProvisionedApp(stack, id, { connector: connector() });
    const json = synth(stack);
    expect(only(json, "azuread_application_template", true)).toEqual({ display_name: gallery });
    expect(only(json, "azuread_application_from_template").display_name).toBe(gallery);
    expect(only(json, "azuread_synchronization_secret").credential[0]).toEqual({ key: "BaseAddress", value: tenantUrl });
    expect(only(json, "azuread_synchronization_job").enabled).toBe(false);
    // iPass's registered domains are a declaration (a scoping clause); the others declare nothing,
    // so the app's template schema stays exactly as Entra creates it.
    expect(Object.keys(byType(json, "msgraph_update_resource"))).toHaveLength(id === "ipass" ? 1 : 0);
    expect(Object.keys(byType(json, "msgraph_resource_action"))).toHaveLength(2);
    expect(json.variable[`${id}_secret_token`].validation).toHaveLength(tokenRule ? 2 : 1);
  });
});

describe("connector specifics", () => {
  test("iPass SmartConnect's registered domains become a user scoping clause", () => {
    const c = Connectors.ipassSmartConnect({ registeredDomains: ["contoso.com", "Fabrikam.co.uk"] });
    expect(c.requiredUserClauses).toEqual([
      {
        attribute: "userPrincipalName",
        operator: "REGEX MATCH",
        values: [".*@([cC][oO][nN][tT][oO][sS][oO]\\.[cC][oO][mM]|[fF][aA][bB][rR][iI][kK][aA][mM]\\.[cC][oO]\\.[uU][kK])$"],
        reason: "iPass SmartConnect only accepts usernames in its registered domains (contoso.com, Fabrikam.co.uk)",
      },
    ]);
  });

  test("iPass's domain clause matches UPNs in any case, and only those domains", () => {
    const [clause] = Connectors.ipassSmartConnect({ registeredDomains: ["contoso.com"] }).requiredUserClauses ?? [];
    const re = new RegExp(clause.values[0]);
    expect(re.test("Alice@Contoso.COM")).toBe(true);
    expect(re.test("bob@contoso.com")).toBe(true);
    expect(re.test("eve@contosoXcom")).toBe(false);
    expect(re.test("eve@evil.com")).toBe(false);
  });

  test("SmartFile changes no mapping for its hard-delete limitation; it says what Entra does instead", () => {
    const c = Connectors.smartFile({ siteName: "demo" });
    expect(c.limitations[0]).toContain("DELETE instead of active=false");
    // Nothing declared: no schema read, no schema write, so the template's `active` mapping stays.
    const stack = newStack();
    new ScimProvisionedApp(stack, "smartfile", { connector: c });
    const json = synth(stack);
    expect(byType(json, "msgraph_update_resource")).toEqual({});
    expect(Object.values(byType(json, "msgraph_resource", true)).map((d: any) => d.url).filter((u: string) => u.endsWith("/schema"))).toEqual([]);
  });

  test("generic SCIM without a gallery name is a non-gallery app with the scim template", () => {
    const c = Connectors.genericScim({ objects: ["groups", "users"] });
    expect(c).toMatchObject({
      key: "genericScim",
      templateId: "8adf8e6e-67b2-4cf2-a259-e3dc5476c621",
      syncTemplateId: "scim",
      tenantUrl: { kind: "fromApp" },
      objects: ["users", "groups"],
    });
  });

  test("generic SCIM with a gallery name looks the template up", () => {
    const c = Connectors.genericScim({ galleryName: "Contoso HR", objects: ["users"] });
    expect(c.templateId).toBeUndefined();
    expect(c.syncTemplateId).toBeUndefined();
  });

  test("generic SCIM with a pinned sync template skips the Graph lookup", () => {
    const stack = newStack();
    new ScimProvisionedApp(stack, "hr", { connector: Connectors.genericScim({ objects: ["users"] }), tenantUrl: "https://hr.example.com/scim" });
    const json = synth(stack);
    expect(only(json, "azuread_synchronization_job").template_id).toBe("scim");
    expect(Object.values(byType(json, "msgraph_resource", true)).filter((d: any) => d.url.endsWith("/templates"))).toEqual([]);
  });

  test("generic SCIM rejects objects without users and a template id that is not a UUID", () => {
    const c = Connectors.genericScim({ objects: ["groups"], templateId: "abc" });
    expect(c.problems).toEqual([
      { field: "connector.objects", message: '["groups"] is not a valid list of objects; expected ["users"] or ["users", "groups"]' },
      { field: "connector.templateId", message: '"abc" is not a UUID; expected an application template id' },
    ]);
  });
});
