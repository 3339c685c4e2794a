/**
 * Benchmark baseline: the same Terraform as bench/synth-l3.ts, written by hand with the prebuilt
 * azuread L1 classes and the msgraph bindings, as a team would without ScimProvisionedApp. The
 * schema declarations and the by-name merge expressions are what a person would paste (read once
 * from the file the runner writes).
 * Usage: tsx bench/synth-l1.ts <N> <outdir> <schema.json>
 */
import { readFileSync } from "node:fs";
import { AppRoleAssignment } from "@cdktf/provider-azuread/lib/app-role-assignment";
import { ApplicationFromTemplate } from "@cdktf/provider-azuread/lib/application-from-template";
import { DataAzureadApplicationTemplate } from "@cdktf/provider-azuread/lib/data-azuread-application-template";
import { DataAzureadGroups } from "@cdktf/provider-azuread/lib/data-azuread-groups";
import { DataAzureadServicePrincipal } from "@cdktf/provider-azuread/lib/data-azuread-service-principal";
import { DataAzureadUsers } from "@cdktf/provider-azuread/lib/data-azuread-users";
import { AzureadProvider } from "@cdktf/provider-azuread/lib/provider";
import { SynchronizationJob } from "@cdktf/provider-azuread/lib/synchronization-job";
import { SynchronizationSecret } from "@cdktf/provider-azuread/lib/synchronization-secret";
import { App, Fn, Lazy, TerraformLocal, TerraformStack, TerraformVariable } from "cdktf";
import { DataMsgraphResource, MsgraphProvider, MsgraphResourceAction, MsgraphUpdateResource } from "../constructs/msgraph";

const n = Number(process.argv[2]);
const outdir = process.argv[3];
const schemaSpec: { declared: Record<string, unknown>; rules: string; problems: string; warnings: string | null } = JSON.parse(readFileSync(process.argv[4], "utf8"));
const started = performance.now();

const app = new App({ outdir });
const stack = new TerraformStack(app, "bench");
new AzureadProvider(stack, "azuread", { tenantId: "contoso.onmicrosoft.com", environment: "global" });
new MsgraphProvider(stack, "msgraph", { tenantId: "contoso.onmicrosoft.com", environment: "global" });

for (let i = 0; i < n; i++) {
  const id = `app${i}`;
  const template = new DataAzureadApplicationTemplate(stack, `${id}-template`, { displayName: `Bench App ${i}` });
  const application = new ApplicationFromTemplate(stack, `${id}-application`, { displayName: `Bench App ${i}`, templateId: template.templateId });
  const sp = new DataAzureadServicePrincipal(stack, `${id}-sp`, { objectId: application.servicePrincipalObjectId });
  const templates = new DataMsgraphResource(stack, `${id}-sync-templates`, {
    url: `${application.servicePrincipalId}/synchronization/templates`,
    responseExportValues: { sync_template_id: "value[0].id" },
  });
  // The plural lookups (one request each per plan; see constructs/directory-lookups.ts).
  const group = new DataAzureadGroups(stack, `${id}-group`, { displayNames: [`Bench Group ${i}`], ignoreMissing: false });
  const user = new DataAzureadUsers(stack, `${id}-user`, { userPrincipalNames: [`user${i}@contoso.com`], ignoreMissing: false });
  const role = `[for r in ${sp.fqn}.app_roles : r.id if r.display_name == "User"]`;
  for (const [key, principal] of [["group", Fn.one(group.objectIds)], ["user", Fn.one(user.objectIds)]] as const) {
    new AppRoleAssignment(stack, `${id}-assignment-${key}`, {
      resourceObjectId: application.servicePrincipalObjectId,
      principalObjectId: principal,
      appRoleId: `\${one(${role})}`,
      lifecycle: { precondition: [{ condition: `\${length(${role}) == 1}`, errorMessage: `${id}: role "User" not found` }] },
    });
  }
  const token = new TerraformVariable(stack, `${id}_secret_token`, {
    type: "string",
    sensitive: true,
    nullable: false,
    validation: [{ condition: `\${length(trimspace(var.${id}_secret_token)) > 0}`, errorMessage: `${id}_secret_token is empty.` }],
  });
  const secret = new SynchronizationSecret(stack, `${id}-secret`, {
    servicePrincipalId: application.servicePrincipalId,
    credential: [
      { key: "BaseAddress", value: `https://scim${i}.example.com/scim/v2` },
      { key: "SecretToken", value: token.stringValue },
      { key: "SyncAll", value: "false" },
      { key: "SyncNotificationSettings", value: '{"Enabled":true,"Recipients":"idm-team@contoso.com","DeleteThresholdEnabled":true,"DeleteThresholdValue":100}' },
    ],
  });
  const job = new SynchronizationJob(stack, `${id}-job`, {
    servicePrincipalId: application.servicePrincipalId,
    templateId: templates.outputValue("sync_template_id"),
    enabled: false,
    dependsOn: [secret],
    lifecycle: { ignoreChanges: ["enabled"] },
  });
  // The live schema, the declarations, the by-name merge and its plan-time checks.
  const live = new DataMsgraphResource(stack, `${id}-schema-live`, { url: `${job.id}/schema`, responseExportValues: { rules: "synchronizationRules" } });
  const templateSchema = new DataMsgraphResource(stack, `${id}-template-schema`, {
    url: `${application.servicePrincipalId}/synchronization/templates/${templates.outputValue("sync_template_id")}/schema`,
    responseExportValues: { rules: "synchronizationRules" },
  });
  const declared = new TerraformLocal(stack, `${id}-schema-declared`, { ...schemaSpec.declared, prefix: `bench/${id}: ` });
  const ref = (kind: "data.msgraph_resource" | "local", el: DataMsgraphResource | TerraformLocal) => `${kind}.${stack.getLogicalId(el)}`;
  const fill = (text: string, result?: TerraformLocal) =>
    text
      .replace(/__LIVE__/g, `${ref("data.msgraph_resource", live)}.output.rules`)
      .replace(/__TEMPLATE__/g, `${ref("data.msgraph_resource", templateSchema)}.output.rules`)
      .replace(/__DECLARED__/g, ref("local", declared))
      .replace(/__RESULT__/g, result ? ref("local", result) : "__RESULT__");
  const rules = new TerraformLocal(stack, `${id}-schema-rules`, Lazy.stringValue({ produce: () => `\${${fill(schemaSpec.rules)}}` }));
  const problems = new TerraformLocal(stack, `${id}-schema-problems`, Lazy.stringValue({ produce: () => `\${${fill(schemaSpec.problems, rules)}}` }));
  if (schemaSpec.warnings !== null) {
    const expression = schemaSpec.warnings;
    const warnings = new TerraformLocal(stack, `${id}-schema-warnings`, Lazy.stringValue({ produce: () => `\${${fill(expression, rules)}}` }));
    stack.addOverride(`check.${id}_schema_warnings`, {
      assert: [{ condition: `\${length(${ref("local", warnings)}) == 0}`, error_message: `\${join("\\n", ${ref("local", warnings)})}` }],
    });
  }
  const schema = new MsgraphUpdateResource(stack, `${id}-schema`, {
    url: `${job.id}/schema`,
    updateMethod: "PUT",
    body: { synchronizationRules: Lazy.stringValue({ produce: () => `\${${ref("local", rules)}}` }) },
    lifecycle: {
      precondition: [
        {
          condition: Lazy.stringValue({ produce: () => `\${length(${ref("local", problems)}) == 0}` }),
          errorMessage: Lazy.stringValue({ produce: () => `\${join("\\n", ${ref("local", problems)})}` }),
        },
      ],
    },
  });
  const validate = new MsgraphResourceAction(stack, `${id}-validate`, {
    resourceUrl: job.id,
    method: "POST",
    action: "validateCredentials",
    body: { useSavedCredentials: true, credentials: [] },
    dependsOn: [secret, schema],
  });
  new MsgraphResourceAction(stack, `${id}-start`, { resourceUrl: job.id, method: "POST", action: "start", dependsOn: [secret, schema, validate] });
  // The same plan-time health check the construct writes.
  const data = `data.msgraph_resource.${id}_health_job.output`;
  stack.addOverride(`check.${id}_health`, {
    data: { msgraph_resource: { [`${id}_health_job`]: { url: job.id, response_export_values: { state: "schedule.state", status: "status.code", quarantine_reason: "status.quarantine.reason" } } } },
    assert: [
      { condition: `\${${data}.state == "Active"}`, error_message: `${id}: provisioning is declared "on" but the job is \${${data}.state}.` },
      { condition: `\${${data}.status != "Quarantine"}`, error_message: `${id}: the provisioning job is in quarantine (\${${data}.quarantine_reason}).` },
    ],
  });
}
app.synth();
process.stdout.write(
  JSON.stringify({ apps: n, ms: Math.round(performance.now() - started), maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }) + "\n",
);
