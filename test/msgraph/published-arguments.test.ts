/**
 * The hand-written msgraph bindings stand in for `terraform validate`: every argument they can
 * synthesize must be one the provider publishes, and every published required argument must be
 * required by them. Argument lists copied from microsoft/terraform-provider-msgraph (read through
 * the search tool, 2026-11-24):
 * - docs/index.md @ 5fe9a568a8c6d58a5fd205b283dc03d41b37c67e (provider schema)
 * - docs/resources/update_resource.md @ 0588adf97f1d7315ea9426d9c8028c3f6a55deae, plus `update_method`
 *   from CHANGELOG.md "0.3.0: msgraph_update_resource: Added support for update_method" (that docs
 *   revision predates it)
 * - docs/resources/resource_action.md @ 35b7e311d352b6caa051e0c41107fc3ff8eaf204
 * - docs/data-sources/resource.md @ 1694e35967c78eceab648dd3f95b4e5eb1e8a514
 */
import { Testing, TerraformStack } from "cdktf";
import { DataMsgraphResource, MSGRAPH_PROVIDER_VERSION, MsgraphProvider, MsgraphResourceAction, MsgraphUpdateResource, msgraphEndpoint, msgraphEnvironment } from "../../constructs/msgraph";

const PUBLISHED = {
  provider: {
    required: [] as string[],
    optional: [
      "client_certificate", "client_certificate_password", "client_certificate_path", "client_id", "client_id_file_path",
      "client_secret", "client_secret_file_path", "custom_correlation_request_id", "disable_correlation_request_id",
      "disable_terraform_partner_id", "environment", "oidc_azure_service_connection_id", "oidc_request_token",
      "oidc_request_url", "oidc_token", "oidc_token_file_path", "partner_id", "tenant_id", "use_aks_workload_identity",
      "use_cli", "use_msi", "use_oidc", "use_powershell",
      "alias", // Terraform meta-argument
    ],
  },
  msgraph_update_resource: {
    required: ["url"],
    optional: ["api_version", "body", "ignore_missing_property", "read_query_parameters", "response_export_values", "retry", "timeouts", "update_query_parameters", "update_method"],
  },
  msgraph_resource_action: {
    required: ["method", "resource_url"],
    optional: ["action", "api_version", "body", "headers", "query_parameters", "response_export_values", "retry", "timeouts", "when"],
  },
  data_msgraph_resource: {
    required: ["url"],
    optional: ["api_version", "headers", "query_parameters", "response_export_values", "retry"],
  },
};

const META = ["depends_on", "lifecycle", "provider", "count", "for_each"];

function synthStack(build: (stack: TerraformStack) => void): any {
  const stack = new TerraformStack(Testing.app(), "test");
  build(stack);
  return JSON.parse(Testing.synth(stack));
}

function argumentsOf(block: Record<string, unknown>): string[] {
  return Object.keys(block).filter((k) => !META.includes(k));
}

describe("msgraph bindings match the provider's published argument lists", () => {
  test("provider: every argument we synthesize is published", () => {
    const json = synthStack((s) => {
      new MsgraphProvider(s, "msgraph", { tenantId: "t", clientId: "c", environment: msgraphEnvironment("usgovernmentl4"), useOidc: true, useCli: false, useMsi: false, alias: "gov" });
    });
    const args = argumentsOf(json.provider.msgraph[0]);
    expect(args.sort()).toEqual(["alias", "client_id", "environment", "tenant_id", "use_cli", "use_msi", "use_oidc"]);
    for (const a of args) expect(PUBLISHED.provider.optional).toContain(a);
    expect(json.terraform.required_providers.msgraph).toEqual({ source: "microsoft/msgraph", version: MSGRAPH_PROVIDER_VERSION });
  });

  test("msgraph_update_resource: all props set", () => {
    const json = synthStack((s) => {
      new MsgraphProvider(s, "msgraph");
      new MsgraphUpdateResource(s, "u", {
        url: "/servicePrincipals/1/synchronization/jobs/2/schema",
        apiVersion: "beta",
        body: { synchronizationRules: [{ objectMappings: [{ attributeMappings: [{ targetAttributeName: "userName", matchingPriority: 1 }] }] }] },
        updateMethod: "PUT",
        ignoreMissingProperty: true,
        readQueryParameters: { $select: ["id"] },
        updateQueryParameters: { force: ["true"] },
        responseExportValues: { all: "@" },
        retry: { errorMessageRegex: ["throttled"] },
        timeouts: { create: "10m", update: "10m" },
      });
    });
    const block = json.resource.msgraph_update_resource.u;
    const args = argumentsOf(block);
    expect(args.sort()).toEqual([...PUBLISHED.msgraph_update_resource.required, ...PUBLISHED.msgraph_update_resource.optional].sort());
    // Graph's camelCase survives inside the dynamic body.
    expect(block.body.synchronizationRules[0].objectMappings[0].attributeMappings[0]).toEqual({ targetAttributeName: "userName", matchingPriority: 1 });
    expect(block.retry).toEqual({ error_message_regex: ["throttled"] });
  });

  test("msgraph_resource_action: all props set", () => {
    const json = synthStack((s) => {
      new MsgraphProvider(s, "msgraph");
      new MsgraphResourceAction(s, "a", {
        resourceUrl: "/servicePrincipals/1/synchronization/jobs/2",
        method: "POST",
        action: "validateCredentials",
        apiVersion: "v1.0",
        body: { useSavedCredentials: true },
        headers: { "X-Test": "1" },
        queryParameters: { a: ["b"] },
        responseExportValues: { status: "status" },
        when: "create",
        retry: { errorMessageRegex: ["x"] },
        timeouts: { create: "5m" },
      });
    });
    const args = argumentsOf(json.resource.msgraph_resource_action.a);
    expect(args.sort()).toEqual([...PUBLISHED.msgraph_resource_action.required, ...PUBLISHED.msgraph_resource_action.optional].sort());
    expect(json.resource.msgraph_resource_action.a.body).toEqual({ useSavedCredentials: true });
  });

  test("data msgraph_resource: all props set, and output references", () => {
    const json = synthStack((s) => {
      new MsgraphProvider(s, "msgraph");
      const d = new DataMsgraphResource(s, "d", {
        url: "/servicePrincipals/1/synchronization/templates",
        apiVersion: "v1.0",
        headers: { ConsistencyLevel: "eventual" },
        queryParameters: { $top: ["1"] },
        responseExportValues: { template_id: "value[0].id" },
        retry: { errorMessageRegex: ["NotFound"] },
      });
      new MsgraphResourceAction(s, "uses", { resourceUrl: d.outputValue("template_id"), method: "GET" });
    });
    const args = argumentsOf(json.data.msgraph_resource.d);
    expect(args.sort()).toEqual([...PUBLISHED.data_msgraph_resource.required, ...PUBLISHED.data_msgraph_resource.optional].sort());
    expect(json.resource.msgraph_resource_action.uses.resource_url).toBe("${data.msgraph_resource.d.output.template_id}");
  });

  test("required arguments are required props (a compile-time fact, checked at run time too)", () => {
    const json = synthStack((s) => {
      new MsgraphProvider(s, "msgraph");
      new MsgraphUpdateResource(s, "u", { url: "x" });
      new MsgraphResourceAction(s, "a", { resourceUrl: "x", method: "POST" });
      new DataMsgraphResource(s, "d", { url: "x" });
    });
    expect(argumentsOf(json.resource.msgraph_update_resource.u)).toEqual(PUBLISHED.msgraph_update_resource.required);
    expect(argumentsOf(json.resource.msgraph_resource_action.a).sort()).toEqual(PUBLISHED.msgraph_resource_action.required.sort());
    expect(argumentsOf(json.data.msgraph_resource.d)).toEqual(PUBLISHED.data_msgraph_resource.required);
  });

  test("the Graph root of each cloud is one of the provider's documented msgraph_endpoint values", () => {
    expect(["global", "usgovernmentl4", "usgovernmentl5", "china"].map(msgraphEndpoint)).toEqual([
      "https://graph.microsoft.com",
      "https://graph.microsoft.us",
      "https://dod-graph.microsoft.us",
      "https://microsoftgraph.chinacloudapi.cn",
    ]);
  });

  test("the HCL rendering (cdktf synth --hcl) works for every binding", () => {
    const stack = new TerraformStack(Testing.app(), "test");
    new MsgraphProvider(stack, "msgraph", { tenantId: "t" });
    new MsgraphUpdateResource(stack, "u", { url: "x", updateMethod: "PUT", body: { a: 1 } });
    new MsgraphResourceAction(stack, "a", { resourceUrl: "x", method: "POST", action: "start" });
    new DataMsgraphResource(stack, "d", { url: "x", responseExportValues: { id: "id" } });
    const hcl = Testing.synthHcl(stack);
    expect(hcl).toContain('resource "msgraph_update_resource" "u"');
    expect(hcl).toContain('update_method = "PUT"');
    expect(hcl).toContain('action = "start"');
    expect(hcl).toContain('data "msgraph_resource" "d"');
  });
});
