/**
 * Every kind of stack we synthesize as valid, read by the real providers: `terraform validate`
 * with azuread's and msgraph's own schemas (test/support/real-providers.ts says which scope runs
 * here). A validation error fails the test with terraform's message.
 */
import { Testing } from "cdktf";
import { Connectors, EntraTenantStack, ScimProvisionedApp, type ScimProvisionedAppProps } from "../../constructs";
import { ExampleTenantStack } from "../../stacks/example-tenant";
import { newStack, synth } from "../helpers";
import { describeWithRealProviders, errorsOf, validate, withoutMsgraph } from "../support/real-providers";
import { ADOPT_IDS } from "../fixtures/adopt-ids";

const ADOPT = ADOPT_IDS;

const generic = (extra: Partial<ScimProvisionedAppProps> = {}): ScimProvisionedAppProps => ({
  connector: Connectors.genericScim({ objects: ["users", "groups"] }),
  tenantUrl: "https://scim.example.com/scim/v2",
  ...extra,
});

/** One app in a fresh stack, synthesized. */
function oneApp(id: string, props: ScimProvisionedAppProps, stackProps: Parameters<typeof newStack>[0] = {}): object {
  const stack = newStack(stackProps);
  new ScimProvisionedApp(stack, id, props);
  return synth(stack);
}

function expectValid(stack: object): void {
  // Asserting on the list (not a boolean) puts terraform's own message in the failure.
  expect(errorsOf(validate(stack))).toEqual([]);
}

const CASES: Array<[string, () => object]> = [
  ["the example tenant", () => synth(new ExampleTenantStack(Testing.app()))],
  ["iPass SmartConnect", () => oneApp("ipass", { connector: Connectors.ipassSmartConnect({ registeredDomains: ["contoso.com"] }), assignments: [{ user: "alice@contoso.com", role: "User" }] })],
  ["iProva", () => oneApp("iprova", { connector: Connectors.iprova(), assignments: [{ group: "iProva Users", role: "User" }] })],
  ["Airstack", () => oneApp("airstack", { connector: Connectors.airstack() })],
  ["SmartFile", () => oneApp("smartfile", { connector: Connectors.smartFile({ siteName: "demo1test" }), notifications: { email: "idm@contoso.com", sendOnFailure: true } })],
  ["a generic SCIM app", () => oneApp("hr", generic({ assignments: [{ user: "alice@contoso.com", role: "User" }] }))],
  [
    "mappings, scoping filters and removals",
    () =>
      oneApp(
        "hr",
        generic({
          userMappings: [
            { target: "userName", source: "[userPrincipalName]" },
            { target: "displayName", source: 'Join(" ", [givenName], [surname])' },
            { target: "title", source: "[jobTitle]", apply: "onCreateOnly", defaultValue: "Staff" },
            { target: 'phoneNumbers[type eq "fax"].value', remove: true },
          ],
          groupMappings: [{ target: "externalId", source: "[mailNickname]" }],
          userScope: [{ name: "Sales", all: [{ attribute: "department", operator: "EQUALS", values: ["Sales"] }] }],
          groupScope: [{ name: "Named", all: [{ attribute: "displayName", operator: "IS NOT NULL" }] }],
        }),
      ),
  ],
  ["replace mode", () => oneApp("hr", generic({ mappingMode: "replace", userMappings: [{ target: "userName", source: "[userPrincipalName]", matching: 1 }, { target: "active", source: "Not([IsSoftDeleted])" }], groupMappings: [{ target: "displayName", source: "[displayName]", matching: 1 }] }))],
  ["on-demand users and groups", () => oneApp("hr", generic({ assignments: [{ group: "HR", role: "User" }], onDemand: { users: ["pilot@contoso.com"], groups: ["HR"] } }))],
  ["adopt (import blocks)", () => oneApp("hr", generic({ assignments: [{ group: "33333333-3333-4333-8333-333333333333", role: "User" }], adopt: ADOPT }))],
  ["provisioning off", () => oneApp("iprova", { connector: Connectors.iprova(), provisioning: "off" })],
  ["the azurerm backend", () => oneApp("airstack", { connector: Connectors.airstack() }, { backend: { resourceGroupName: "rg-tfstate", storageAccountName: "sttfstate", containerName: "tfstate", key: "entra.tfstate", useAzureadAuth: true } })],
  ["the US Government L4 cloud", () => oneApp("airstack", { connector: Connectors.airstack() }, { environment: "usgovernmentl4" })],
  ["the US Government L5 cloud", () => oneApp("airstack", { connector: Connectors.airstack() }, { environment: "usgovernmentl5" })],
  ["the China cloud", () => oneApp("airstack", { connector: Connectors.airstack(), validateCredentials: false }, { environment: "china" })],
];

describeWithRealProviders("terraform validate with the real providers", () => {
  test.each(CASES)("%s", (_name, build) => {
    expectValid(build());
  }, 120_000);

  test("two tenants in one app: each stack validates", () => {
    const app = Testing.app();
    const test = new EntraTenantStack(app, "contoso-test", { tenantId: "contoso-test.onmicrosoft.com" });
    const prod = new EntraTenantStack(app, "contoso-prod", { tenantId: "contoso.onmicrosoft.com" });
    for (const stack of [test, prod]) new ScimProvisionedApp(stack, "iprova", { connector: Connectors.iprova(), assignments: [{ group: "iProva Users", role: "User" }] });
    for (const stack of [test, prod]) expectValid(JSON.parse(Testing.synth(stack)));
  }, 120_000);

  test("a wrong attribute in a synthesized stack fails with terraform's own message", () => {
    const stack: any = synth(new ExampleTenantStack(Testing.app()));
    const job = Object.values<any>(stack.resource.azuread_synchronization_job)[0];
    job.enabled_typo = true;
    const errors = errorsOf(validate(stack));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^Extraneous JSON object property: No argument or block type is named "enabled_typo"\./);
  }, 120_000);

  test("a wrong type fails with terraform's own message", () => {
    const stack: any = synth(new ExampleTenantStack(Testing.app()));
    const job = Object.values<any>(stack.resource.azuread_synchronization_job)[0];
    job.enabled = "maybe";
    expect(errorsOf(validate(stack))).toEqual([expect.stringMatching(/^Incorrect attribute value type: .*bool is required/)]);
  }, 120_000);
});

describe("the azuread-only scope", () => {
  test("takes msgraph out and makes every reference to it unknown, keeping the rest", () => {
    const stack: any = synth(new ExampleTenantStack(Testing.app()));
    const stripped = withoutMsgraph(stack);
    const text = JSON.stringify(stripped);
    expect(text).not.toMatch(/msgraph_(resource|update_resource|resource_action)\./);
    expect(Object.keys(stripped.resource).filter((t) => t.startsWith("msgraph_"))).toEqual([]);
    expect(stripped.provider.msgraph).toBeUndefined();
    expect(stripped.terraform.required_providers.msgraph).toBeUndefined();
    expect(Object.keys(stripped.resource.azuread_synchronization_job)).toEqual(Object.keys(stack.resource.azuread_synchronization_job));
    expect(Object.values<any>(stripped.resource.azuread_synchronization_job)[0].template_id).toBe("${var.msgraph_stand_in.output.sync_template_id}");
    expect(Object.keys(stripped.check)).toEqual(Object.keys(stack.check));
    for (const check of Object.values<any>(stripped.check)) expect(check.data).toBeUndefined();
  });
});
