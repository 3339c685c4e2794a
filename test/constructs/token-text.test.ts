/**
 * cdktf token text in props (issue 21, item 5): cdktf resolves `${TfToken[...]}` wherever it stands,
 * so a mapping default, a constant, a scope value or name holding it would show as text in the
 * manifest and review while Terraform receives another resource's value (here the token variable);
 * `#{TfToken[...]}` crashed synth with a stack trace. Every string (and number) prop refuses it,
 * one house-format line per field; only secretToken may be a reference.
 */
import { Testing, TerraformVariable } from "cdktf";
import { Connectors, EntraTenantStack, ScimProvisionedApp, type ScimProvisionedAppProps } from "../../constructs";
import { errorOf, newStack, synth } from "../helpers";

const REFUSED = "is a Terraform reference; expected literal text (it is reviewed and written in the manifest)";
const iprova = Connectors.iprova;

function fails(props: ScimProvisionedAppProps, stack = newStack()): string {
  return errorOf(() => new ScimProvisionedApp(stack, "app", props));
}

describe("cdktf token text is refused in every string prop", () => {
  // A real token: what `${TfToken[TOKEN.n]}` text resolves to at synth.
  const real = new TerraformVariable(newStack(), "other", { type: "string" }).stringValue;
  const filter = (name: string, value: string) => [{ name, all: [{ attribute: "department", operator: "EQUALS", values: [value] }] }];

  const cases: Array<[string, ScimProvisionedAppProps, string]> = [
    ["a mapping default", { connector: iprova(), userMappings: [{ target: "title", source: "[jobTitle]", defaultValue: "${TfToken[TOKEN.3]}" }] }, "userMappings[0].defaultValue"],
    ["a constant", { connector: iprova(), userMappings: [{ target: "title", source: `"${real}"` }] }, "userMappings[0].source"],
    ["a scope value", { connector: iprova(), userScope: filter("Sales", real) }, "userScope[0].all[0].values[0]"],
    ["a scope name (list marker)", { connector: iprova(), userScope: filter("#{TfToken[TOKEN.1]}", "Sales") }, "userScope[0].name"],
    ["a scope name (map marker)", { connector: iprova(), groupScope: filter("&{TfToken[TOKEN.2]}", "Sales") }, "groupScope[0].name"],
    ["a mapping target", { connector: iprova(), userMappings: [{ target: "${TfToken[TOKEN.3]}", source: "[mail]" }] }, "userMappings[0].target"],
    ["a display name", { connector: iprova(), displayName: `iProva ${real}` }, "displayName"],
    ["a tenant URL", { connector: Connectors.genericScim({ objects: ["users"] }), tenantUrl: `https://${real}.example.com/scim` }, "tenantUrl"],
    ["a notification email", { connector: iprova(), notifications: { email: `${real}@contoso.com` } }, "notifications.email"],
    ["an on-demand group", { connector: iprova(), onDemand: { groups: ["#{TfToken[TOKEN.1]}"] } }, "onDemand.groups[0]"],
    ["a connector option", { connector: Connectors.genericScim({ objects: ["users"], galleryName: "${TfToken[TOKEN.3]}" } as any), tenantUrl: "https://scim.example.com/scim" }, "connector.galleryName"],
  ];

  test.each(cases)("%s: one line naming the app and the field", (_, props, field) => {
    expect(fails(props)).toBe(`test/app: ${field}: ${REFUSED}`);
  });

  test("a list marker no longer crashes synth with a stack trace", () => {
    const message = fails({ connector: iprova(), userScope: filter("#{TfToken[TOKEN.1]}", "Sales") });
    expect(message.split("\n")).toHaveLength(1);
    expect(message).not.toMatch(/encoded list token|\s+at /);
  });

  test("a token number (accidentalDeletions.threshold, a mapping's matching) is refused too", () => {
    const n = new TerraformVariable(newStack(), "n", { type: "number" }).numberValue;
    expect(fails({ connector: iprova(), accidentalDeletions: { threshold: n } })).toBe(
      "test/app: accidentalDeletions.threshold: is a Terraform reference; expected a literal number (it is reviewed and written in the manifest)",
    );
  });

  test("several fields: every one is named, each once, with the other problems of the props", () => {
    expect(fails({ connector: iprova(), displayName: "${TfToken[TOKEN.3]}", userMappings: [{ target: "title", defaultValue: "${TfToken[TOKEN.3]}" }], provisioning: "maybe" as any }).split("\n")).toEqual([
      `test/app: displayName: ${REFUSED}`,
      `test/app: userMappings[0].defaultValue: ${REFUSED}`,
      'test/app: provisioning: "maybe" is not allowed; expected one of "on", "off"',
    ]);
  });

  test("secretToken stays a reference; ordinary text with $, { or [ is fine", () => {
    const s = newStack();
    const token = new TerraformVariable(s, "tok", { type: "string", sensitive: true });
    new ScimProvisionedApp(s, "app", { connector: iprova(), secretToken: token, displayName: "Cost {center} [$]", userMappings: [{ target: "title", source: '"TfToken[x]"' }] });
    expect(() => synth(s)).not.toThrow();
  });

  test("a backend setting of token text is refused by the stack", () => {
    expect(errorOf(() => new EntraTenantStack(Testing.app(), "prod", { tenantId: "contoso.onmicrosoft.com", backend: { resourceGroupName: "rg", storageAccountName: "st", containerName: "c", key: "${TfToken[TOKEN.3]}" } }))).toBe(
      `prod: backend.key: ${REFUSED}`,
    );
  });
});
