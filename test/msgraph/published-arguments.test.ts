/**
 * The hand-written msgraph bindings stand in for `cdktf get` and `terraform validate`: every
 * argument they can synthesize must be one the provider publishes, and every published required
 * argument must be required by them.
 *
 * The lists below are copied from microsoft/terraform-provider-msgraph, read through the search
 * tool on 2026-11-24 (the repository snapshot holds several revisions of each page; the revision
 * used is named):
 * - provider: docs/index.md @ d7692906e7f95568c22b2f09d6d720ee53a83a92 - the revision with
 *   `environment` (PR #147 "Support sovereign clouds", merged 2026-08-10, "released in v0.5.0").
 *   Another stored revision (5fe9a568...) documents `msgraph_endpoint` instead: that is PR #95's
 *   proposal, closed unmerged in favour of #147. Accepted environment values from
 *   internal/provider/environment.go @ b7fb4cbbc3b5acfc8fa55fb4031c8705041de171.
 * - msgraph_update_resource: docs/resources/update_resource.md @ 0588adf97f1d7315ea9426d9c8028c3f6a55deae,
 *   plus `update_method` (PATCH | PUT) from CHANGELOG.md @ e35a10ca21bc853c78bce4738ec8f1d1b231e2bc,
 *   "0.3.0: msgraph_update_resource: Added support for update_method" (that docs revision predates it).
 * - msgraph_resource_action: docs/resources/resource_action.md @ 35b7e311d352b6caa051e0c41107fc3ff8eaf204
 *   (its `when` comes from PR #158, still open when checked: UNCONFIRMED in a release); method
 *   values from internal/services/msgraph_resource_action.go @ a35abda5b333b625e33be1b3a3c665100a2a693d.
 * - data msgraph_resource: docs/data-sources/resource.md @ 9180b9478d153f4bb9db4252db13fa80c11c52b9.
 * - retry (all four): internal/retry/schema.go @ 1694e35967c78eceab648dd3f95b4e5eb1e8a514.
 */
import { TerraformStack, Testing } from "cdktf";
import {
  DataMsgraphResource,
  type DataMsgraphResourceConfig,
  MSGRAPH_ENVIRONMENTS,
  MSGRAPH_PROVIDER_VERSION,
  MsgraphProvider,
  type MsgraphProviderConfig,
  MsgraphResourceAction,
  type MsgraphResourceActionConfig,
  MsgraphUpdateResource,
  type MsgraphUpdateResourceConfig,
  msgraphEnvironment,
  TENANT_ENVIRONMENTS,
} from "../../constructs/msgraph";
import { errorOf } from "../helpers";

const PUBLISHED = {
  provider: {
    required: [] as string[],
    optional: [
      "client_certificate", "client_certificate_password", "client_certificate_path", "client_id", "client_id_file_path",
      "client_secret", "client_secret_file_path", "custom_correlation_request_id", "disable_correlation_request_id",
      "disable_terraform_partner_id", "environment", "oidc_azure_service_connection_id", "oidc_request_token",
      "oidc_request_url", "oidc_token", "oidc_token_file_path", "partner_id", "tenant_id", "use_aks_workload_identity",
      "use_cli", "use_msi", "use_oidc", "use_powershell",
    ],
    environmentValues: ["public", "global", "usgovernment", "usgovernmentl4", "dod", "usgovernmentl5", "china"],
  },
  msgraph_update_resource: {
    required: ["url"],
    optional: ["api_version", "body", "ignore_missing_property", "read_query_parameters", "response_export_values", "retry", "timeouts", "update_query_parameters", "update_method"],
    timeouts: ["create", "delete", "read", "update"],
  },
  msgraph_resource_action: {
    required: ["method", "resource_url"],
    optional: ["action", "api_version", "body", "headers", "query_parameters", "response_export_values", "retry", "timeouts", "when"],
    timeouts: ["create"],
    methodValues: ["GET", "POST", "PATCH", "DELETE", "PUT"],
  },
  data_msgraph_resource: {
    required: ["url"],
    optional: ["api_version", "headers", "query_parameters", "response_export_values", "retry", "timeouts"],
    timeouts: ["read"],
  },
  retry: ["error_message_regex"],
};

/**
 * Published provider arguments the binding leaves out on purpose: each carries a secret, and a
 * value given to a construct is written to cdk.tf.json. They come from ARM_* variables instead.
 */
const SECRET_PROVIDER_ARGS = ["client_certificate", "client_certificate_password", "client_secret", "oidc_request_token", "oidc_token"];

/** Terraform meta-arguments, which are not the provider's to publish. */
const META = ["depends_on", "lifecycle", "provider", "count", "for_each", "alias"];

const snake = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const sorted = (a: string[]) => [...a].sort();

// Compile-time half of "every published required argument is a required prop" (tsc checks tests).
type RequiredKeys<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? never : K }[keyof T];
type Equal<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const typeChecks: [
  Equal<RequiredKeys<MsgraphUpdateResourceConfig>, "url">,
  Equal<RequiredKeys<MsgraphResourceActionConfig>, "resourceUrl" | "method">,
  Equal<RequiredKeys<DataMsgraphResourceConfig>, "url">,
  Equal<RequiredKeys<MsgraphProviderConfig>, never>,
] = [true, true, true, true];

function synthStack(build: (stack: TerraformStack) => void): any {
  const stack = new TerraformStack(Testing.app(), "test");
  build(stack);
  return JSON.parse(Testing.synth(stack));
}

const argumentsOf = (block: Record<string, unknown>) => Object.keys(block).filter((k) => !META.includes(k));

describe("msgraph bindings match the provider's published argument lists", () => {
  test("the required props are exactly the published required arguments (types)", () => {
    expect(typeChecks).toEqual([true, true, true, true]);
  });

  test("provider: with every prop set, it synthesizes exactly the published non-secret arguments", () => {
    const every: Required<Omit<MsgraphProviderConfig, "msgraphEndpoint">> = {
      tenantId: "t", environment: "usgovernmentl4", clientId: "c", clientIdFilePath: "/c", clientSecretFilePath: "/s",
      clientCertificatePath: "/p.pfx", useOidc: true, oidcTokenFilePath: "/o", oidcRequestUrl: "https://o", oidcAzureServiceConnectionId: "sc",
      useCli: false, usePowershell: false, useMsi: false, useAksWorkloadIdentity: false, partnerId: "00000000-0000-0000-0000-000000000000",
      disableTerraformPartnerId: true, customCorrelationRequestId: "r", disableCorrelationRequestId: false, alias: "gov",
    };
    const json = synthStack((s) => new MsgraphProvider(s, "msgraph", every));
    const args = argumentsOf(json.provider.msgraph[0]);
    expect(sorted(args)).toEqual(sorted(PUBLISHED.provider.optional.filter((a) => !SECRET_PROVIDER_ARGS.includes(a))));
    expect(json.provider.msgraph[0].alias).toBe("gov");
    expect(json.terraform.required_providers.msgraph).toEqual({ source: "microsoft/msgraph", version: MSGRAPH_PROVIDER_VERSION });
  });

  test("provider: the environment values we know are the provider's, and ours map into them", () => {
    expect(sorted([...MSGRAPH_ENVIRONMENTS])).toEqual(sorted(PUBLISHED.provider.environmentValues));
    for (const env of TENANT_ENVIRONMENTS) expect(PUBLISHED.provider.environmentValues).toContain(msgraphEnvironment(env));
  });

  test("msgraph_update_resource: with every prop set, it synthesizes exactly the published arguments", () => {
    const json = synthStack((s) => {
      new MsgraphUpdateResource(s, "u", {
        url: "/servicePrincipals/1/synchronization/jobs/2/schema",
        apiVersion: "beta",
        body: { a: 1 },
        updateMethod: "PUT",
        ignoreMissingProperty: true,
        readQueryParameters: { $select: ["id"] },
        updateQueryParameters: { force: ["true"] },
        responseExportValues: { all: "@" },
        retry: { errorMessageRegex: ["throttled"] },
        timeouts: { create: "10m", read: "5m", update: "10m", delete: "1m" },
      });
    });
    const block = json.resource.msgraph_update_resource.u;
    expect(sorted(argumentsOf(block))).toEqual(sorted([...PUBLISHED.msgraph_update_resource.required, ...PUBLISHED.msgraph_update_resource.optional]));
    expect(Object.keys(block.retry)).toEqual(PUBLISHED.retry);
    expect(sorted(Object.keys(block.timeouts))).toEqual(PUBLISHED.msgraph_update_resource.timeouts);
  });

  test("msgraph_resource_action: with every prop set, it synthesizes exactly the published arguments", () => {
    const json = synthStack((s) => {
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
    const block = json.resource.msgraph_resource_action.a;
    expect(sorted(argumentsOf(block))).toEqual(sorted([...PUBLISHED.msgraph_resource_action.required, ...PUBLISHED.msgraph_resource_action.optional]));
    expect(Object.keys(block.retry)).toEqual(PUBLISHED.retry);
    expect(Object.keys(block.timeouts)).toEqual(PUBLISHED.msgraph_resource_action.timeouts);
  });

  test("data msgraph_resource: with every prop set, it synthesizes exactly the published arguments", () => {
    const json = synthStack((s) => {
      new DataMsgraphResource(s, "d", {
        url: "/servicePrincipals/1/synchronization/templates",
        apiVersion: "v1.0",
        headers: { ConsistencyLevel: "eventual" },
        queryParameters: { $top: ["1"] },
        responseExportValues: { template_id: "value[0].id" },
        retry: { errorMessageRegex: ["NotFound"] },
        timeouts: { read: "2m" },
      });
    });
    const block = json.data.msgraph_resource.d;
    expect(sorted(argumentsOf(block))).toEqual(sorted([...PUBLISHED.data_msgraph_resource.required, ...PUBLISHED.data_msgraph_resource.optional]));
    expect(Object.keys(block.retry)).toEqual(PUBLISHED.retry);
    expect(Object.keys(block.timeouts)).toEqual(PUBLISHED.data_msgraph_resource.timeouts);
  });

  test("with only the required props, exactly the published required arguments are synthesized", () => {
    const json = synthStack((s) => {
      new MsgraphProvider(s, "msgraph");
      new MsgraphUpdateResource(s, "u", { url: "x" });
      new MsgraphResourceAction(s, "a", { resourceUrl: "x", method: "POST" });
      new DataMsgraphResource(s, "d", { url: "x" });
    });
    expect(json.provider.msgraph).toEqual([{}]);
    expect(argumentsOf(json.resource.msgraph_update_resource.u)).toEqual(PUBLISHED.msgraph_update_resource.required);
    expect(sorted(argumentsOf(json.resource.msgraph_resource_action.a))).toEqual(PUBLISHED.msgraph_resource_action.required);
    expect(argumentsOf(json.data.msgraph_resource.d)).toEqual(PUBLISHED.data_msgraph_resource.required);
  });

  test("each published required argument, left out, is refused at construction (callers that bypass the types)", () => {
    const cases: [string, string, (s: TerraformStack, c: any) => unknown, Record<string, unknown>][] = [
      ["msgraph_update_resource", "u", (s, c) => new MsgraphUpdateResource(s, "u", c), { url: "x" }],
      ["msgraph_resource_action", "a", (s, c) => new MsgraphResourceAction(s, "a", c), { resourceUrl: "x", method: "POST" }],
      ["data_msgraph_resource", "d", (s, c) => new DataMsgraphResource(s, "d", c), { url: "x" }],
    ];
    for (const [type, id, make, minimal] of cases) {
      const refused = Object.keys(minimal).filter((key) => {
        const { [key]: _left, ...rest } = minimal;
        const stack = new TerraformStack(Testing.app(), "test");
        const message = errorOf(() => make(stack, rest));
        expect(message).toBe(`test/${id}: ${key}: is required by the provider; expected a non-empty string`);
        return true;
      });
      expect(sorted(refused.map(snake))).toEqual(PUBLISHED[type as "msgraph_update_resource"].required);
    }
  });

  test("msgraph_resource_action: the accepted methods are the provider's", () => {
    for (const method of PUBLISHED.msgraph_resource_action.methodValues) {
      const json = synthStack((s) => new MsgraphResourceAction(s, "a", { resourceUrl: "x", method: method as "GET" }));
      expect(json.resource.msgraph_resource_action.a.method).toBe(method);
    }
    const stack = new TerraformStack(Testing.app(), "test");
    expect(errorOf(() => new MsgraphResourceAction(stack, "a", { resourceUrl: "x", method: "OPTIONS" as "GET" }))).toBe(
      'test/a: method: "OPTIONS" is not accepted by the provider; expected one of GET, POST, PATCH, PUT, DELETE',
    );
  });

  test("provider: secret-bearing arguments cannot be synthesized, even when smuggled past the types", () => {
    const SENTINEL = "sentinel-secret-7f3a";
    const smuggled = { tenantId: "t", clientSecret: SENTINEL, clientCertificate: SENTINEL, clientCertificatePassword: SENTINEL, oidcToken: SENTINEL, oidcRequestToken: SENTINEL };
    const stack = new TerraformStack(Testing.app(), "test");
    new MsgraphProvider(stack, "msgraph", smuggled as MsgraphProviderConfig);
    const out = Testing.synth(stack) + Testing.synthHcl(stack);
    expect(out).not.toContain(SENTINEL);
    expect(JSON.parse(Testing.synth(stack)).provider.msgraph).toEqual([{ tenant_id: "t" }]);
  });
});
