import { runTerraform, testWithTerraform } from "../support/terraform";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AppRoleAssignment } from "@cdktf/provider-azuread/lib/app-role-assignment";
import { ApplicationFromTemplate } from "@cdktf/provider-azuread/lib/application-from-template";
import { DataAzureadApplicationTemplate } from "@cdktf/provider-azuread/lib/data-azuread-application-template";
import { DataAzureadServicePrincipal } from "@cdktf/provider-azuread/lib/data-azuread-service-principal";
import { DataAzureadUsers } from "@cdktf/provider-azuread/lib/data-azuread-users";
import { AzureadProvider } from "@cdktf/provider-azuread/lib/provider";
import { SynchronizationJob } from "@cdktf/provider-azuread/lib/synchronization-job";
import { SynchronizationJobProvisionOnDemand } from "@cdktf/provider-azuread/lib/synchronization-job-provision-on-demand";
import { SynchronizationSecret } from "@cdktf/provider-azuread/lib/synchronization-secret";
import { Testing, TerraformVariable } from "cdktf";
import { Connectors, ScimProvisionedApp, type ScimProvisionedAppProps } from "../../constructs";
import { MsgraphResourceAction, MsgraphUpdateResource } from "../../constructs/msgraph";
import { byType, newStack, only, synth } from "../helpers";

describe("EntraTenantStack", () => {
  test("configures the azuread provider for the tenant and its cloud", () => {
    const stack = newStack({ tenantId: "11111111-2222-3333-4444-555555555555", environment: "usgovernmentl4" });
    expect(Testing.synth(stack)).toHaveProviderWithProperties(AzureadProvider, {
      tenant_id: "11111111-2222-3333-4444-555555555555",
      environment: "usgovernmentl4",
    });
    expect(JSON.parse(Testing.synth(stack)).provider.msgraph).toEqual([
      { tenant_id: "11111111-2222-3333-4444-555555555555", environment: "usgovernmentl4" },
    ]);
  });

  describe("with a stand-in msgraph that has no environment argument", () => {
    beforeEach(() => (process.env.ENTRA_PROVISIONING_MSGRAPH_WITHOUT_ENVIRONMENT = "1"));
    afterEach(() => delete process.env.ENTRA_PROVISIONING_MSGRAPH_WITHOUT_ENVIRONMENT);

    test("the msgraph provider block leaves environment out (the provider's default is the public cloud), and says so", () => {
      const stack = newStack({ tenantId: "11111111-2222-3333-4444-555555555555" });
      const json = synth(stack);
      expect(json.provider.msgraph).toEqual([{ tenant_id: "11111111-2222-3333-4444-555555555555" }]);
      expect(json.provider.azuread[0].environment).toBe("global");
      const warnings = stack.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => m.data);
      expect(warnings).toContain(
        'test: the msgraph provider block is written without environment (ENTRA_PROVISIONING_MSGRAPH_WITHOUT_ENVIRONMENT=1: the installed msgraph is a stand-in older than 0.5.0); it uses the public cloud, as "global" does',
      );
    });

    test("another cloud is refused in one line: the stand-in cannot reach it", () => {
      expect(() => newStack({ environment: "usgovernmentl4" })).toThrow(
        /^test: environment: "usgovernmentl4" needs the msgraph provider's environment argument, and the installed msgraph is a stand-in without it \(ENTRA_PROVISIONING_MSGRAPH_WITHOUT_ENVIRONMENT=1\); expected "global" or msgraph 0\.5\.0$/,
      );
    });
  });

  test("defaults to the global cloud and pins azuread 3.7.0", () => {
    const json = synth(newStack());
    expect(json.provider.azuread[0]).toEqual({ tenant_id: "contoso.onmicrosoft.com", environment: "global" });
    expect(json.terraform.required_providers.azuread).toEqual({ source: "hashicorp/azuread", version: "3.7.0" });
  });

  test("configures an azurerm backend for remote state when given", () => {
    const json = synth(
      newStack({
        backend: { resourceGroupName: "rg-tfstate", storageAccountName: "sttfstate", containerName: "tfstate", key: "entra.tfstate", useAzureadAuth: true },
      }),
    );
    expect(json.terraform.backend.azurerm).toEqual({
      resource_group_name: "rg-tfstate",
      storage_account_name: "sttfstate",
      container_name: "tfstate",
      key: "entra.tfstate",
      use_azuread_auth: true,
    });
  });
});

describe("ScimProvisionedApp: the gallery app", () => {
  test("looks the template up by gallery name and instantiates it with the display name", () => {
    const stack = newStack();
    new ScimProvisionedApp(stack, "airstack", { connector: Connectors.airstack(), displayName: "Airstack (prod)" });
    const out = Testing.synth(stack);
    expect(out).toHaveDataSourceWithProperties(DataAzureadApplicationTemplate, { display_name: "Airstack" });
    expect(out).toHaveResourceWithProperties(ApplicationFromTemplate, {
      display_name: "Airstack (prod)",
      template_id: expect.stringMatching(/^\$\{data\.azuread_application_template\.[\w-]+\.template_id\}$/),
    });
    expect(out).toHaveDataSourceWithProperties(DataAzureadServicePrincipal, {
      object_id: expect.stringMatching(/^\$\{azuread_application_from_template\.[\w-]+\.service_principal_object_id\}$/),
    });
  });

  test("apps of the same gallery app share one template lookup per stack", () => {
    const stack = newStack();
    new ScimProvisionedApp(stack, "prod", { connector: Connectors.airstack(), displayName: "Airstack (prod)" });
    new ScimProvisionedApp(stack, "test", { connector: Connectors.airstack(), displayName: "Airstack (test)" });
    new ScimProvisionedApp(stack, "iprova", { connector: Connectors.iprova() });
    const json = synth(stack);
    const templates = byType(json, "azuread_application_template", true);
    expect(Object.values(templates).map((t: any) => t.display_name).sort()).toEqual(["Airstack", "iProva"]);
    const airstack = Object.keys(templates).find((k) => templates[k].display_name === "Airstack");
    const apps = Object.values(byType(json, "azuread_application_from_template")) as any[];
    expect(apps.filter((a) => a.template_id === `\${data.azuread_application_template.${airstack}.template_id}`).map((a) => a.display_name).sort()).toEqual(["Airstack (prod)", "Airstack (test)"]);
  });

  test("display name defaults to the connector's gallery name", () => {
    const stack = newStack();
    new ScimProvisionedApp(stack, "iprova", { connector: Connectors.iprova() });
    expect(only(synth(stack), "azuread_application_from_template").display_name).toBe("iProva");
  });

  test("a pinned template id skips the lookup", () => {
    const stack = newStack();
    new ScimProvisionedApp(stack, "custom", {
      connector: Connectors.genericScim({ objects: ["users"] }),
      tenantUrl: "https://scim.example.com/scim/v2",
    });
    const json = synth(stack);
    expect(byType(json, "azuread_application_template", true)).toEqual({});
    expect(only(json, "azuread_application_from_template").template_id).toBe("8adf8e6e-67b2-4cf2-a259-e3dc5476c621");
  });
});

describe("ScimProvisionedApp: credentials and settings", () => {
  test("one synchronization secret holds BaseAddress, SecretToken, SyncAll and SyncNotificationSettings", () => {
    const stack = newStack();
    new ScimProvisionedApp(stack, "ipass", {
      connector: Connectors.ipassSmartConnect({ registeredDomains: ["contoso.com"] }),
      notifications: { email: "idm@contoso.com" },
      accidentalDeletions: { threshold: 25 },
    });
    const json = synth(stack);
    const secret = only(json, "azuread_synchronization_secret");
    expect(secret.service_principal_id).toMatch(/^\$\{azuread_application_from_template\.[\w-]+\.service_principal_id\}$/);
    expect(secret.credential).toEqual([
      { key: "BaseAddress", value: "https://openmobile.ipass.com/moservices/scim/v1" },
      { key: "SecretToken", value: "${var.ipass_secret_token}" },
      { key: "SyncAll", value: "false" },
      {
        key: "SyncNotificationSettings",
        value: '{"Enabled":true,"Recipients":"idm@contoso.com","DeleteThresholdEnabled":true,"DeleteThresholdValue":25}',
      },
    ]);
  });

  test("declares a sensitive token variable named <id>_secret_token", () => {
    const stack = newStack();
    new ScimProvisionedApp(stack, "airstack", { connector: Connectors.airstack() });
    const variable = synth(stack).variable.airstack_secret_token;
    expect(variable).toMatchObject({ type: "string", sensitive: true, nullable: false });
    expect(variable.validation).toEqual([
      {
        condition: "${length(trimspace(var.airstack_secret_token)) > 0}",
        error_message: "airstack_secret_token is empty; set TF_VAR_airstack_secret_token to the Airstack secret token.",
      },
    ]);
  });

  test("SmartFile's token must be ProductKey:ProductPassword (Terraform variable validation)", () => {
    const stack = newStack();
    new ScimProvisionedApp(stack, "smartfile", { connector: Connectors.smartFile({ siteName: "demo1test" }) });
    const json = synth(stack);
    expect(json.variable.smartfile_secret_token.validation[1]).toEqual({
      condition: '${can(regex("^[^:\\\\s]+:[^:\\\\s]+$", var.smartfile_secret_token))}',
      error_message:
        "smartfile_secret_token does not look like ProductKey:ProductPassword (the SmartFile Product Key and Product Password joined by one colon).",
    });
    expect(only(json, "azuread_synchronization_secret").credential[0]).toEqual({
      key: "BaseAddress",
      value: "https://demo1test.smartfile.com/ftp/scim",
    });
  });

  test("scope allUsersAndGroups sets SyncAll true; no notifications and deletion prevention off", () => {
    const stack = newStack();
    new ScimProvisionedApp(stack, "iprova", {
      connector: Connectors.iprova(),
      scope: "allUsersAndGroups",
      accidentalDeletions: { enabled: false },
    });
    const credential = only(synth(stack), "azuread_synchronization_secret").credential;
    expect(credential[2]).toEqual({ key: "SyncAll", value: "true" });
    expect(credential[3]).toEqual({
      key: "SyncNotificationSettings",
      value: '{"Enabled":false,"Recipients":"","DeleteThresholdEnabled":false,"DeleteThresholdValue":500}',
    });
  });

  test("accidental-deletions prevention is on at 500 by default; sendOnFailure false disables the email", () => {
    const stack = newStack();
    new ScimProvisionedApp(stack, "iprova", {
      connector: Connectors.iprova(),
      notifications: { email: "idm@contoso.com", sendOnFailure: false },
    });
    expect(only(synth(stack), "azuread_synchronization_secret").credential[3].value).toBe(
      '{"Enabled":false,"Recipients":"idm@contoso.com","DeleteThresholdEnabled":true,"DeleteThresholdValue":500}',
    );
  });

  test("a given TerraformVariable is used as the token and no variable is declared", () => {
    const stack = newStack();
    const token = new TerraformVariable(stack, "shared_scim_token", { type: "string", sensitive: true });
    new ScimProvisionedApp(stack, "airstack", { connector: Connectors.airstack(), secretToken: token });
    const json = synth(stack);
    expect(Object.keys(json.variable)).toEqual(["shared_scim_token"]);
    expect(only(json, "azuread_synchronization_secret").credential[1]).toEqual({
      key: "SecretToken",
      value: "${var.shared_scim_token}",
    });
  });
});

describe("ScimProvisionedApp: the job and its ordering", () => {
  function jobStack(props: Partial<ScimProvisionedAppProps> = {}) {
    const stack = newStack();
    new ScimProvisionedApp(stack, "iprova", { connector: Connectors.iprova(), ...props });
    return synth(stack);
  }

  test("the job is created disabled, after the secret, and azuread never toggles it", () => {
    const json = jobStack();
    const job = only(json, "azuread_synchronization_job");
    const secretId = Object.keys(byType(json, "azuread_synchronization_secret"))[0];
    expect(job.enabled).toBe(false);
    expect(job.depends_on).toEqual([`azuread_synchronization_secret.${secretId}`]);
    expect(job.lifecycle).toEqual({ ignore_changes: ["enabled"] });
    expect(job.template_id).toMatch(/^\$\{data\.msgraph_resource\.[\w-]+\.output\.sync_template_id\}$/);
    expect(job.service_principal_id).toMatch(/service_principal_id\}$/);
  });

  test("the synchronization template id is read through Graph from the service principal", () => {
    const json = jobStack();
    const templates = only(json, "msgraph_resource", true);
    expect(templates.url).toMatch(/^\$\{azuread_application_from_template\.[\w-]+\.service_principal_id\}\/synchronization\/templates$/);
    expect(templates.response_export_values).toEqual({ sync_template_id: "value[0].id" });
  });

  test("schema PUT, then validateCredentials, then start: each step depends on the one before", () => {
    const json = jobStack({ userMappings: [{ target: "title", source: "[jobTitle]" }] });
    const jobId = Object.keys(byType(json, "azuread_synchronization_job"))[0];
    const secretId = Object.keys(byType(json, "azuread_synchronization_secret"))[0];
    const schemaId = Object.keys(byType(json, "msgraph_update_resource"))[0];
    const schema = byType(json, "msgraph_update_resource")[schemaId];
    expect(schema.url).toBe(`\${azuread_synchronization_job.${jobId}.id}/schema`);
    expect(schema.update_method).toBe("PUT");
    // The body is the live rules with the declarations applied (a local), never a hand-built fragment.
    expect(schema.body).toEqual({ synchronizationRules: expect.stringMatching(/^\$\{local\.iprova_schema_rules_\w+\}$/) });

    const actions = Object.entries(byType(json, "msgraph_resource_action")) as [string, any][];
    const [validateId, validate] = actions.find(([, a]) => a.action === "validateCredentials")!;
    expect(validate).toMatchObject({
      resource_url: `\${azuread_synchronization_job.${jobId}.id}`,
      method: "POST",
      body: { useSavedCredentials: true, credentials: [] },
      depends_on: [`azuread_synchronization_secret.${secretId}`, `msgraph_update_resource.${schemaId}`],
      lifecycle: {
        replace_triggered_by: [`azuread_synchronization_secret.${secretId}`, `msgraph_update_resource.${schemaId}`],
      },
    });
    const [, start] = actions.find(([, a]) => a.action === "start")!;
    expect(start).toMatchObject({ resource_url: `\${azuread_synchronization_job.${jobId}.id}`, method: "POST" });
    expect(start.depends_on).toEqual([
      `azuread_synchronization_secret.${secretId}`,
      `msgraph_update_resource.${schemaId}`,
      `msgraph_resource_action.${validateId}`,
    ]);
  });

  test("provisioning off pauses the job instead of starting it", () => {
    const actions = Object.values(byType(jobStack({ provisioning: "off" }), "msgraph_resource_action")) as any[];
    expect(actions.map((a) => a.action).sort()).toEqual(["pause", "validateCredentials"]);
  });

  test("validateCredentials can be turned off", () => {
    const actions = Object.values(byType(jobStack({ validateCredentials: false }), "msgraph_resource_action")) as any[];
    expect(actions.map((a) => a.action)).toEqual(["start"]);
  });

  test("without declarations: no schema write, and Test Connection and start follow the secret alone", () => {
    const json = jobStack();
    expect(byType(json, "msgraph_update_resource")).toEqual({});
    expect(json.locals).toBeUndefined();
    const secretId = Object.keys(byType(json, "azuread_synchronization_secret"))[0];
    const actions = Object.values(byType(json, "msgraph_resource_action")) as any[];
    const validate = actions.find((a) => a.action === "validateCredentials");
    expect(validate.depends_on).toEqual([`azuread_synchronization_secret.${secretId}`]);
  });

  test("the resource types are the msgraph bindings' (jest matchers see them)", () => {
    const stack = newStack();
    new ScimProvisionedApp(stack, "iprova", { connector: Connectors.iprova(), provisionGroups: false });
    const out = Testing.synth(stack);
    expect(out).toHaveResourceWithProperties(MsgraphUpdateResource, { update_method: "PUT" });
    expect(out).toHaveResourceWithProperties(MsgraphResourceAction, { action: "start" });
    expect(out).toHaveResourceWithProperties(SynchronizationJob, { enabled: false });
    expect(out).toHaveResource(SynchronizationSecret);
  });
});

describe("ScimProvisionedApp: assignments", () => {
  test("a user by UPN and a group by name, each with its role found by display name", () => {
    const stack = newStack();
    new ScimProvisionedApp(stack, "iprova", {
      connector: Connectors.iprova(),
      assignments: [
        { user: "alice@contoso.com", role: "User" },
        { group: "iProva Users", role: "Admin" },
      ],
    });
    const json = synth(stack);
    // One name per lookup, and a missing name fails the plan (ignore_missing = false).
    expect(Object.values(byType(json, "azuread_users", true))).toEqual([{ user_principal_names: ["alice@contoso.com"], ignore_missing: false }]);
    expect(Object.values(byType(json, "azuread_groups", true))).toEqual([{ display_names: ["iProva Users"], ignore_missing: false }]);
    const sp = `data.azuread_service_principal.${Object.keys(byType(json, "azuread_service_principal", true))[0]}`;
    const assignments = Object.values(byType(json, "azuread_app_role_assignment")) as any[];
    expect(assignments).toHaveLength(2);
    const admin = assignments.find((a) => a.app_role_id.includes('"Admin"'));
    expect(admin.app_role_id).toBe(`\${one([for r in ${sp}.app_roles : r.id if r.display_name == "Admin"])}`);
    expect(admin.principal_object_id).toMatch(/^\$\{one\(data\.azuread_groups\.[\w-]+\.object_ids\)\}$/);
    expect(admin.resource_object_id).toMatch(/service_principal_object_id\}$/);
    expect(admin.lifecycle.precondition).toEqual([
      {
        condition: `\${length([for r in ${sp}.app_roles : r.id if r.display_name == "Admin"]) == 1}`,
        error_message: `test/iprova: assignments[1].role: the app has no role named "Admin"; expected one of \${join(", ", [for r in ${sp}.app_roles : r.display_name])}`,
      },
    ]);
  });

  test("a name is looked up once per stack, whatever number of apps and on-demand lists name it", () => {
    const stack = newStack();
    new ScimProvisionedApp(stack, "ipass", {
      connector: Connectors.ipassSmartConnect({ registeredDomains: ["contoso.com"] }),
      // Distinct names whose construct ids would be the same ("/" cannot be in one): two lookups.
      assignments: [
        { user: "pilot@contoso.com", role: "User" },
        { group: "R/D", role: "User" },
      ],
      onDemand: { users: ["pilot@contoso.com"] },
    });
    new ScimProvisionedApp(stack, "iprova", {
      connector: Connectors.iprova(),
      assignments: [
        { user: "pilot@contoso.com", role: "User" },
        { group: "Sales", role: "User" },
        { group: "R_D", role: "User" },
      ],
    });
    const json = synth(stack);
    expect(Object.values(byType(json, "azuread_users", true))).toEqual([{ user_principal_names: ["pilot@contoso.com"], ignore_missing: false }]);
    expect(Object.values(byType(json, "azuread_groups", true)).map((g: any) => g.display_names[0]).sort()).toEqual(["R/D", "R_D", "Sales"]);
    const [user] = Object.keys(byType(json, "azuread_users", true));
    const pilot = `\${one(data.azuread_users.${user}.object_ids)}`;
    const assigned = (Object.values(byType(json, "azuread_app_role_assignment")) as any[]).map((a) => a.principal_object_id);
    expect(assigned.filter((id) => id === pilot)).toHaveLength(2);
    expect(only(json, "azuread_synchronization_job_provision_on_demand").parameter[0].subject[0].object_id).toBe(pilot);
    // pilot (twice), R/D, Sales, R_D: four distinct principals.
    expect(new Set(assigned).size).toBe(4);
  });

  test("the stack's lookups have a reserved construct id", () => {
    const stack = newStack();
    new TerraformVariable(stack, "directory-lookups", { type: "string" });
    expect(() => new ScimProvisionedApp(stack, "airstack", { connector: Connectors.airstack(), assignments: [{ group: "Sales", role: "User" }] })).toThrow(
      /the construct id "directory-lookups" is taken by another construct/,
    );
  });

  test("an object id is used as is, without a lookup", () => {
    const stack = newStack();
    new ScimProvisionedApp(stack, "airstack", {
      connector: Connectors.airstack(),
      assignments: [{ user: "9bb0f679-a883-4a6f-8260-35b491b8b8c8", role: "User" }],
    });
    const out = Testing.synth(stack);
    expect(out).not.toHaveDataSource(DataAzureadUsers);
    expect(out).toHaveResourceWithProperties(AppRoleAssignment, { principal_object_id: "9bb0f679-a883-4a6f-8260-35b491b8b8c8" });
  });

  test("assignment resource ids come from what the user named, so reordering does not replace them", () => {
    const ids = (order: string[]) => {
      const stack = newStack();
      new ScimProvisionedApp(stack, "airstack", {
        connector: Connectors.airstack(),
        assignments: order.map((user) => ({ user, role: "User" })),
      });
      return Object.keys(byType(synth(stack), "azuread_app_role_assignment")).sort();
    };
    expect(ids(["a@contoso.com", "b@contoso.com"])).toEqual(ids(["b@contoso.com", "a@contoso.com"]));
  });
});

describe("ScimProvisionedApp: on-demand provisioning", () => {
  test("seed 001's order: on-demand after the secret, schema and Test Connection, and the start waits for it", () => {
    const stack = newStack();
    new ScimProvisionedApp(stack, "ipass", {
      connector: Connectors.ipassSmartConnect({ registeredDomains: ["contoso.com"] }),
      onDemand: { users: ["pilot@contoso.com"] },
    });
    const json = synth(stack);
    const jobId = Object.keys(byType(json, "azuread_synchronization_job"))[0];
    const actions = byType(json, "msgraph_resource_action");
    const startId = Object.keys(actions).find((k) => actions[k].action === "start") as string;
    const testId = Object.keys(actions).find((k) => actions[k].action === "validateCredentials") as string;
    const secretId = Object.keys(byType(json, "azuread_synchronization_secret"))[0];
    const schemaId = Object.keys(byType(json, "msgraph_update_resource"))[0];
    const [requestId] = Object.keys(byType(json, "azuread_synchronization_job_provision_on_demand"));
    const request = only(json, "azuread_synchronization_job_provision_on_demand");
    expect(request.synchronization_job_id).toBe(`\${azuread_synchronization_job.${jobId}.id}`);
    expect(request.depends_on).toEqual([
      `azuread_synchronization_secret.${secretId}`,
      `msgraph_update_resource.${schemaId}`,
      `msgraph_resource_action.${testId}`,
    ]);
    expect(actions[startId].depends_on).toEqual([
      `azuread_synchronization_secret.${secretId}`,
      `msgraph_update_resource.${schemaId}`,
      `msgraph_resource_action.${testId}`,
      `azuread_synchronization_job_provision_on_demand.${requestId}`,
    ]);
    expect(request.parameter).toEqual([
      {
        // The rule that holds Entra's User or Group object mapping, not "the first rule".
        rule_id: expect.stringMatching(/^\$\{\[for r in .*data\.msgraph_resource\.[\w-]+\.output\.rules.*om\.sourceObjectName == "User".*\]\[0\]\}$/),
        subject: [{ object_id: expect.stringMatching(/^\$\{one\(data\.azuread_users\.[\w-]+\.object_ids\)\}$/), object_type_name: "User" }],
      },
    ]);
    expect(request.triggers).toEqual({ users: "pilot@contoso.com", groups: "" });
    const rule = Object.values(byType(json, "msgraph_resource", true)).find((d: any) => d.url.endsWith("/schema")) as any;
    expect(rule.url).toBe(`\${azuread_synchronization_job.${jobId}.id}/schema`);
    expect(rule.response_export_values).toEqual({ rules: "synchronizationRules" });
    expect(Testing.synth(stack)).toHaveResource(SynchronizationJobProvisionOnDemand);
  });
});

describe("ScimProvisionedApp: job health check", () => {
  test("a check block warns at plan time when the job is not running or is quarantined", () => {
    const stack = newStack();
    new ScimProvisionedApp(stack, "iprova", { connector: Connectors.iprova() });
    const json = synth(stack);
    const jobId = Object.keys(byType(json, "azuread_synchronization_job"))[0];
    const [checkName] = Object.keys(json.check);
    const checks = Object.values(json.check) as any[];
    expect(checks).toHaveLength(1);
    const data = `data.msgraph_resource.${checkName}_job.output`;
    expect(checks[0].data.msgraph_resource[`${checkName}_job`]).toEqual({
      url: `\${azuread_synchronization_job.${jobId}.id}`,
      response_export_values: { state: "schedule.state", status: "status.code", quarantine_reason: "status.quarantine.reason" },
    });
    expect(checks[0].assert.map((a: any) => a.condition)).toEqual([`\${${data}.state == "Active"}`, `\${${data}.status != "Quarantine"}`]);
    expect(checks[0].assert[0].error_message).toBe(
      `test/iprova: provisioning is declared "on" but the job is \${coalesce(${data}.state, "missing")}: it was paused or stopped outside code. Start it in the portal or taint its job-state action and deploy.`,
    );
  });

  testWithTerraform("terraform plans a healthy job's checks without error: a null quarantine reason is not interpolated raw", () => {
    const stack = newStack();
    new ScimProvisionedApp(stack, "iprova", { connector: Connectors.iprova() });
    const check: any = Object.values(synth(stack).check)[0];
    // The job as Graph returns it when healthy: no quarantine, so no reason.
    const healthy = { state: "Active", status: "Active", quarantine_reason: null };
    const asserts = check.assert.map((a: any) => JSON.parse(JSON.stringify(a).replace(/data\.msgraph_resource\.[A-Za-z0-9_-]+\.output/g, "local.job")));
    const dir = mkdtempSync(join(tmpdir(), "health-check-"));
    writeFileSync(join(dir, "main.tf.json"), JSON.stringify({ locals: { job: healthy }, check: { health: { assert: asserts } } }));
    const out = runTerraform(dir, ["plan", "-input=false"]);
    expect(out).toMatch(/No changes/);
    expect(out).not.toMatch(/Warning: Check block assertion failed/);
  });

  test("with provisioning off only quarantine is checked", () => {
    const stack = newStack();
    new ScimProvisionedApp(stack, "iprova", { connector: Connectors.iprova(), provisioning: "off" });
    const json = synth(stack);
    const [checkName] = Object.keys(json.check);
    expect(json.check[checkName].assert.map((a: any) => a.condition)).toEqual([`\${data.msgraph_resource.${checkName}_job.output.status != "Quarantine"}`]);
  });
});

describe("EntraTenantStack: sovereign clouds", () => {
  test("china warns that some synchronization APIs are documented for Global and US Government only", () => {
    const stack = newStack({ environment: "china" });
    const warnings = stack.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => m.data);
    expect(warnings).toEqual([
      'test: environment "china": Graph documents validateCredentials, on-demand provisioning and the synchronization secrets API for Global and US Government only; set validateCredentials: false if the deploy fails there',
    ]);
    expect(synth(stack).provider.msgraph[0].environment).toBe("china");
  });
});
