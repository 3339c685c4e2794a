/**
 * The Graph-cost bench's baseline: the apps of graph-workload.ts written by hand with the prebuilt
 * azuread classes and plain msgraph resources, as an expert would without ScimProvisionedApp:
 * the template looked up by gallery name, the app, its service principal read for the role ids,
 * each group and user looked up by name with azuread's own data sources (`azuread_group`,
 * `azuread_user`), the secret, the job, the schema merged by name over the live schema (the same
 * expressions pasted, see schema-spec.ts), Test Connection, the start, and the same plan-time
 * health check. Synthesized to `<outdir>/stacks/bench-graph`.
 * Usage: tsx bench/graph-l1.ts <N> <outdir>
 */
import { AppRoleAssignment } from "@cdktf/provider-azuread/lib/app-role-assignment";
import { ApplicationFromTemplate } from "@cdktf/provider-azuread/lib/application-from-template";
import { DataAzureadApplicationTemplate } from "@cdktf/provider-azuread/lib/data-azuread-application-template";
import { DataAzureadGroup } from "@cdktf/provider-azuread/lib/data-azuread-group";
import { DataAzureadServicePrincipal } from "@cdktf/provider-azuread/lib/data-azuread-service-principal";
import { DataAzureadUser } from "@cdktf/provider-azuread/lib/data-azuread-user";
import { AzureadProvider } from "@cdktf/provider-azuread/lib/provider";
import { SynchronizationJob } from "@cdktf/provider-azuread/lib/synchronization-job";
import { SynchronizationSecret } from "@cdktf/provider-azuread/lib/synchronization-secret";
import { App, TerraformLocal, TerraformStack, TerraformVariable, type TerraformResource } from "cdktf";
import { Connectors, NON_GALLERY_TEMPLATE_ID } from "../constructs";
import { DataMsgraphResource, MsgraphProvider, MsgraphResourceAction, MsgraphUpdateResource } from "../constructs/msgraph";
import { msgraphWithoutEnvironment } from "../constructs/msgraph/stand-in";
import { schemaSpec, type SchemaSpec } from "./schema-spec";
import {
  DELETE_THRESHOLD,
  GALLERY_NAMES,
  GENERIC_MAPPINGS,
  GRAPH_BENCH_STACK,
  GRAPH_BENCH_TENANT_ID,
  graphBenchApps,
  NOTIFICATION_EMAIL,
  REGISTERED_DOMAINS,
  type AppKind,
} from "./graph-workload";

/** What a person pastes per kind of app: the schema the construct would compute (none for iProva, Airstack, SmartFile). */
function pastedSchemas(): Partial<Record<AppKind, SchemaSpec>> {
  return {
    ipass: schemaSpec(Connectors.ipassSmartConnect({ registeredDomains: REGISTERED_DOMAINS })),
    generic: schemaSpec(Connectors.genericScim({ objects: ["users", "groups"] }), GENERIC_MAPPINGS),
  };
}

export function graphL1(n: number, outdir: string): void {
  const pasted = pastedSchemas();
  const app = new App({ outdir });
  const stack = new TerraformStack(app, GRAPH_BENCH_STACK);
  new AzureadProvider(stack, "azuread", { tenantId: GRAPH_BENCH_TENANT_ID, environment: "global" });
  new MsgraphProvider(stack, "msgraph", { tenantId: GRAPH_BENCH_TENANT_ID, ...(msgraphWithoutEnvironment() ? {} : { environment: "global" }) });
  const ref = (kind: "data.msgraph_resource" | "local", el: DataMsgraphResource | TerraformLocal) => `${kind}.${stack.getLogicalId(el)}`;

  for (const a of graphBenchApps(n)) {
    const id = a.id;
    const templateId = a.kind === "generic" ? NON_GALLERY_TEMPLATE_ID : new DataAzureadApplicationTemplate(stack, `${id}-template`, { displayName: GALLERY_NAMES[a.kind] }).templateId;
    const application = new ApplicationFromTemplate(stack, `${id}-application`, { displayName: a.displayName, templateId });
    const sp = new DataAzureadServicePrincipal(stack, `${id}-sp`, { objectId: application.servicePrincipalObjectId });
    // The generic app's synchronization template is "scim"; a gallery app's is read from Graph.
    const syncTemplateId =
      a.kind === "generic"
        ? "scim"
        : new DataMsgraphResource(stack, `${id}-sync-templates`, {
            url: `${application.servicePrincipalId}/synchronization/templates`,
            responseExportValues: { sync_template_id: "value[0].id" },
          }).outputValue("sync_template_id");

    const group = new DataAzureadGroup(stack, `${id}-group`, { displayName: a.group });
    const user = new DataAzureadUser(stack, `${id}-user`, { userPrincipalName: a.user });
    const role = `[for r in ${sp.fqn}.app_roles : r.id if r.display_name == "User"]`;
    for (const [key, principal] of [["group", group.objectId], ["user", user.objectId]] as const) {
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
        { key: "BaseAddress", value: a.tenantUrl },
        { key: "SecretToken", value: token.stringValue },
        { key: "SyncAll", value: "false" },
        { key: "SyncNotificationSettings", value: JSON.stringify({ Enabled: true, Recipients: NOTIFICATION_EMAIL, DeleteThresholdEnabled: true, DeleteThresholdValue: DELETE_THRESHOLD }) },
      ],
    });
    const job = new SynchronizationJob(stack, `${id}-job`, {
      servicePrincipalId: application.servicePrincipalId,
      templateId: syncTemplateId,
      enabled: false,
      dependsOn: [secret],
      lifecycle: { ignoreChanges: ["enabled"] },
    });

    // The schema, for the apps that change it: the live schema, the declarations, the by-name merge.
    const configured: TerraformResource[] = [secret];
    const spec = pasted[a.kind];
    if (spec) {
      const live = new DataMsgraphResource(stack, `${id}-schema-live`, { url: `${job.id}/schema`, responseExportValues: { rules: "synchronizationRules" } });
      const templateSchema = spec.readsTemplate
        ? new DataMsgraphResource(stack, `${id}-template-schema`, {
            url: `${application.servicePrincipalId}/synchronization/templates/${syncTemplateId}/schema`,
            responseExportValues: { rules: "synchronizationRules" },
          })
        : undefined;
      const declared = new TerraformLocal(stack, `${id}-schema-declared`, { ...spec.declared, prefix: `${GRAPH_BENCH_STACK}/${id}: ` });
      const fill = (text: string, result?: TerraformLocal) =>
        text
          .replace(/__LIVE__/g, `${ref("data.msgraph_resource", live)}.output.rules`)
          .replace(/__TEMPLATE__/g, templateSchema ? `${ref("data.msgraph_resource", templateSchema)}.output.rules` : "__TEMPLATE__")
          .replace(/__DECLARED__/g, ref("local", declared))
          .replace(/__RESULT__/g, result ? ref("local", result) : "__RESULT__");
      const rules = new TerraformLocal(stack, `${id}-schema-rules`, `\${${fill(spec.rules)}}`);
      const problems = new TerraformLocal(stack, `${id}-schema-problems`, `\${${fill(spec.problems, rules)}}`);
      if (spec.warnings !== null) {
        const warnings = new TerraformLocal(stack, `${id}-schema-warnings`, `\${${fill(spec.warnings, rules)}}`);
        stack.addOverride(`check.${id}_schema_warnings`, {
          assert: [{ condition: `\${length(${ref("local", warnings)}) == 0}`, error_message: `\${join("\\n", ${ref("local", warnings)})}` }],
        });
      }
      configured.push(
        new MsgraphUpdateResource(stack, `${id}-schema`, {
          url: `${job.id}/schema`,
          updateMethod: "PUT",
          body: { synchronizationRules: `\${${ref("local", rules)}}` },
          lifecycle: { precondition: [{ condition: `\${length(${ref("local", problems)}) == 0}`, errorMessage: `\${join("\\n", ${ref("local", problems)})}` }] },
        }),
      );
    }

    const validate = new MsgraphResourceAction(stack, `${id}-validate`, {
      resourceUrl: job.id,
      method: "POST",
      action: "validateCredentials",
      body: { useSavedCredentials: true, credentials: [], templateId: syncTemplateId },
      dependsOn: configured,
      lifecycle: { replaceTriggeredBy: configured.map((r) => `${r.terraformResourceType}.${r.friendlyUniqueId}`) },
    });
    new MsgraphResourceAction(stack, `${id}-start`, { resourceUrl: job.id, method: "POST", action: "start", dependsOn: [...configured, validate] });

    // The plan-time health check: is the job running, is it in quarantine.
    const data = `data.msgraph_resource.${id}_health_job.output`;
    stack.addOverride(`check.${id}_health`, {
      data: { msgraph_resource: { [`${id}_health_job`]: { url: job.id, response_export_values: { state: "schedule.state", status: "status.code", quarantine_reason: "status.quarantine.reason" } } } },
      assert: [
        // coalesce: terraform renders a message even when its assertion holds, and a null in a template fails the plan.
        { condition: `\${${data}.state == "Active"}`, error_message: `${id}: provisioning is declared "on" but the job is \${coalesce(${data}.state, "missing")}.` },
        { condition: `\${${data}.status != "Quarantine"}`, error_message: `${id}: the provisioning job is in quarantine (\${coalesce(${data}.quarantine_reason, "no reason given")}).` },
      ],
    });
  }
  app.synth();
}

if (require.main === module) graphL1(Number(process.argv[2]), process.argv[3]);
