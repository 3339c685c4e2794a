/**
 * Adoption: `adopt` makes synth emit Terraform import blocks for the existing application and
 * service principal, provisioning job and role assignments, with the azuread 3.x import id
 * formats (constructs/adopt.ts names the provider files they come from).
 */
import { Connectors, ScimProvisionedApp, type ScimProvisionedAppProps } from "../../constructs";
import { errorOf, newStack, only, synth } from "../helpers";
import { ADOPT_IDS } from "../fixtures/adopt-ids";

const ADOPT = ADOPT_IDS;

function props(extra: Partial<ScimProvisionedAppProps> = {}): ScimProvisionedAppProps {
  return {
    connector: Connectors.genericScim({ objects: ["users", "groups"] }),
    tenantUrl: "https://scim.example.com/scim",
    assignments: [
      { group: "33333333-3333-4333-8333-333333333333", role: "User" },
      { user: "alice@contoso.com", role: "User" },
    ],
    adopt: ADOPT,
    ...extra,
  };
}

/** Import blocks of a synthesized stack: `to` (type.name) -> id. */
function importsOf(json: any): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [type, resources] of Object.entries<any>(json.resource ?? {})) {
    for (const [name, r] of Object.entries<any>(resources)) {
      if (r.import) out[`${type}.${name}`] = r.import.id;
    }
  }
  for (const block of json.import ?? []) out[block.to] = block.id;
  return out;
}

describe("ScimProvisionedApp adopt", () => {
  test("synth emits import blocks with the provider's id formats", () => {
    const stack = newStack();
    new ScimProvisionedApp(stack, "portal-app", props());
    const json = synth(stack);
    const ids = Object.values(importsOf(json)).sort();
    expect(ids).toEqual(
      [
        "/applicationTemplates/8adf8e6e-67b2-4cf2-a259-e3dc5476c621/instantiate/11111111-1111-4111-8111-111111111111/22222222-2222-4222-8222-222222222222",
        "/servicePrincipals/22222222-2222-4222-8222-222222222222/synchronization/jobs/scim.f5532fc709734b1a90e8a1fa9fd03a82.8442fd39-2183-419c-8732-74b6ce866bd5",
        "/servicePrincipals/22222222-2222-4222-8222-222222222222/appRoleAssignedTo/aaBBcDDeFG6h5JKLMN2PQrrssTTUUvWWxxxxxyyyzzz",
      ].sort(),
    );
    const targets = Object.keys(importsOf(json)).map((t) => t.split(".")[0]).sort();
    expect(targets).toEqual(["azuread_app_role_assignment", "azuread_application_from_template", "azuread_synchronization_job"]);
    // The adopted job keeps its own template: no lookup that could pick another one.
    expect(only(json, "azuread_synchronization_job").template_id).toBe("scim");
  });

  test("the group assignment is imported into the resource its key names; the other one is created", () => {
    const stack = newStack();
    new ScimProvisionedApp(stack, "portal-app", props());
    const json = synth(stack);
    const assignments = json.resource.azuread_app_role_assignment;
    const imported = Object.entries<any>(assignments).filter(([name]) => Object.keys(importsOf(json)).includes(`azuread_app_role_assignment.${name}`));
    expect(imported).toHaveLength(1);
    expect(imported[0][1].principal_object_id).toBe("33333333-3333-4333-8333-333333333333");
    expect(Object.keys(assignments)).toHaveLength(2);
  });

  test("without adopt there is no import block", () => {
    const stack = newStack();
    new ScimProvisionedApp(stack, "portal-app", props({ adopt: undefined }));
    expect(importsOf(synth(stack))).toEqual({});
  });

  test("fails when an adopted assignment key names no declared assignment", () => {
    const stack = newStack();
    expect(
      errorOf(() => new ScimProvisionedApp(stack, "portal-app", props({ adopt: { ...ADOPT, roleAssignments: { "user-bob@contoso.com-User": "abc" } } }))),
    ).toBe(
      'test/portal-app: adopt.roleAssignments["user-bob@contoso.com-User"]: names no declared assignment; expected a key `<user|group>-<principal>-<role>` of one of the assignments',
    );
  });

  test("fails when the adopted template is not the connector's pinned template", () => {
    const stack = newStack();
    expect(
      errorOf(
        () =>
          new ScimProvisionedApp(stack, "portal-app", props({ adopt: { ...ADOPT, applicationTemplateId: "44444444-4444-4444-8444-444444444444" } })),
      ),
    ).toBe(
      'test/portal-app: adopt.applicationTemplateId: "44444444-4444-4444-8444-444444444444" is not the connector\'s template "8adf8e6e-67b2-4cf2-a259-e3dc5476c621"; expected the template the existing app was made from (a different template would replace the app)',
    );
  });

  test("fails on ids that are not ids (nothing can reach the import id but an id)", () => {
    const stack = newStack();
    expect(
      errorOf(() => new ScimProvisionedApp(stack, "portal-app", props({ adopt: { ...ADOPT, synchronizationJobId: "scim/../../x", servicePrincipalObjectId: "${var.x}" } }))),
    ).toBe(
      [
        "test/portal-app: adopt.servicePrincipalObjectId: is not a GUID; expected the service principal's object id",
        'test/portal-app: adopt.synchronizationJobId: is not a synchronization job id; expected an id such as "scim.0a1b2c3d4e5f.8442fd39-2183-419c-8732-74b6ce866bd5"',
      ].join("\n"),
    );
  });
});
