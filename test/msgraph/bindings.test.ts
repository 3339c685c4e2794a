/** Behaviour of the hand-written msgraph bindings in typical use, as Terraform will see it. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { TerraformOutput, TerraformStack, TerraformVariable, Testing } from "cdktf";
import {
  DataMsgraphResource,
  MSGRAPH_PROVIDER_VERSION,
  MsgraphProvider,
  MsgraphResourceAction,
  MsgraphUpdateResource,
  msgraphEndpoint,
  msgraphEnvironment,
} from "../../constructs/msgraph";
import { errorOf } from "../helpers";

const SCHEMA_URL = "/servicePrincipals/11111111-2222-3333-4444-555555555555/synchronization/jobs/scim.abc.def/schema";

// Graph's camelCase, nesting and array order must reach Terraform exactly as written.
const SCHEMA_BODY = {
  synchronizationRules: [
    {
      id: "rule-1",
      objectMappings: [
        {
          sourceObjectName: "User",
          targetObjectName: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
          attributeMappings: [
            { targetAttributeName: "userName", matchingPriority: 1, source: { expression: "[userPrincipalName]", parameters: [] } },
            { targetAttributeName: "active", matchingPriority: 0, defaultValue: null, flowType: "Always" },
          ],
          scope: { categoryFilterGroups: [], inputFilterGroups: [{ clauses: [{ operatorName: "EQUALS", targetOperand: { values: ["True"] } }] }] },
        },
      ],
    },
  ],
};

/** The same JSON with object keys sorted, as cdktf writes it. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical((value as Record<string, unknown>)[k])]));
  }
  return value;
}

function newStack(): TerraformStack {
  return new TerraformStack(Testing.app(), "test");
}

describe("MsgraphProvider", () => {
  test("synthesizes tenant_id and environment (snake_cased) and pins the provider", () => {
    const stack = newStack();
    new MsgraphProvider(stack, "msgraph", { tenantId: "contoso.onmicrosoft.com", environment: msgraphEnvironment("usgovernmentl4"), useOidc: true });
    const synthesized = Testing.synth(stack);
    expect(synthesized).toHaveProviderWithProperties(MsgraphProvider, { tenant_id: "contoso.onmicrosoft.com", environment: "usgovernmentl4", use_oidc: true });
    expect(JSON.parse(synthesized).terraform.required_providers).toEqual({ msgraph: { source: "microsoft/msgraph", version: MSGRAPH_PROVIDER_VERSION } });
    expect(MSGRAPH_PROVIDER_VERSION).toBe("0.5.0");
  });

  test("HCL rendering", () => {
    const stack = newStack();
    new MsgraphProvider(stack, "msgraph", { tenantId: "t", environment: "china" });
    const hcl = Testing.synthHcl(stack);
    expect(hcl).toContain('provider "msgraph" {');
    expect(hcl).toContain('tenant_id = "t"');
    expect(hcl).toContain('environment = "china"');
  });

  test("an alias lets a second tenant's resources pick their provider", () => {
    const stack = newStack();
    new MsgraphProvider(stack, "msgraph");
    const gov = new MsgraphProvider(stack, "gov", { tenantId: "g", environment: "usgovernmentl5", alias: "gov" });
    new DataMsgraphResource(stack, "d", { url: "/servicePrincipals", provider: gov });
    const json = JSON.parse(Testing.synth(stack));
    expect(json.provider.msgraph).toEqual([{}, { alias: "gov", environment: "usgovernmentl5", tenant_id: "g" }]);
    expect(json.data.msgraph_resource.d.provider).toBe("msgraph.gov");
  });

  test("rejects an environment the provider does not know", () => {
    expect(errorOf(() => new MsgraphProvider(newStack(), "msgraph", { environment: "germany" }))).toBe(
      'msgraph provider: environment: "germany" is not a cloud the provider knows; expected one of public, global, usgovernment, usgovernmentl4, dod, usgovernmentl5, china',
    );
  });

  test("the deprecated msgraphEndpoint is written as the environment it names (the provider has no msgraph_endpoint)", () => {
    const stack = newStack();
    new MsgraphProvider(stack, "msgraph", { tenantId: "t", msgraphEndpoint: msgraphEndpoint("usgovernmentl4") });
    expect(JSON.parse(Testing.synth(stack)).provider.msgraph).toEqual([{ environment: "usgovernmentl4", tenant_id: "t" }]);
    expect(errorOf(() => new MsgraphProvider(newStack(), "m", { msgraphEndpoint: "https://graph.example.org" }))).toBe(
      'msgraph provider: msgraphEndpoint: "https://graph.example.org" is not a Graph root of a known cloud; use environment (global, usgovernmentl4, usgovernmentl5, china)',
    );
    expect(errorOf(() => new MsgraphProvider(newStack(), "m", { environment: "china", msgraphEndpoint: "https://graph.microsoft.us/" }))).toBe(
      'msgraph provider: msgraphEndpoint: "https://graph.microsoft.us/" contradicts environment "china"; set environment only',
    );
  });
});

describe("msgraphEnvironment / msgraphEndpoint", () => {
  test("map our (azuread) environment names to the provider's environment and the Graph root", () => {
    const envs = ["global", "usgovernmentl4", "usgovernmentl5", "china"];
    expect(envs.map(msgraphEnvironment)).toEqual(["global", "usgovernmentl4", "usgovernmentl5", "china"]);
    expect(envs.map(msgraphEndpoint)).toEqual([
      "https://graph.microsoft.com",
      "https://graph.microsoft.us",
      "https://dod-graph.microsoft.us",
      "https://microsoftgraph.chinacloudapi.cn",
    ]);
  });

  test("refuse an unknown name", () => {
    const expected = 'msgraph: environment: unknown environment "usgovernment"; expected one of global, usgovernmentl4, usgovernmentl5, china';
    expect(errorOf(() => msgraphEnvironment("usgovernment"))).toBe(expected);
    expect(errorOf(() => msgraphEndpoint("usgovernment"))).toBe(expected);
  });
});

describe("MsgraphUpdateResource", () => {
  test("PUT on a job schema URL", () => {
    const stack = newStack();
    new MsgraphUpdateResource(stack, "schema", { url: SCHEMA_URL, updateMethod: "PUT", body: SCHEMA_BODY });
    expect(Testing.synth(stack)).toHaveResourceWithProperties(MsgraphUpdateResource, { url: SCHEMA_URL, update_method: "PUT", body: SCHEMA_BODY });
  });

  test("the body reaches cdk.tf.json intact: camelCase keys, values, nested arrays in order", () => {
    const stack = newStack();
    new MsgraphProvider(stack, "msgraph");
    new MsgraphUpdateResource(stack, "schema", { url: SCHEMA_URL, updateMethod: "PUT", body: SCHEMA_BODY });
    // The stack's own rendering keeps even the key order.
    expect(JSON.stringify((stack.toTerraform() as any).resource.msgraph_update_resource.schema.body)).toBe(JSON.stringify(SCHEMA_BODY));
    // cdktf writes cdk.tf.json with sorted object keys (json-stable-stringify); JSON objects are
    // unordered, so that is the same document: byte-identical to the canonical form of ours.
    const dir = Testing.fullSynth(stack);
    const text = readFileSync(join(dir, "stacks", "test", "cdk.tf.json"), "utf8");
    expect(JSON.stringify(JSON.parse(text).resource.msgraph_update_resource.schema.body)).toBe(JSON.stringify(canonical(SCHEMA_BODY)));
    expect(text).toContain('"targetAttributeName": "userName"');
    expect(text).not.toMatch(/target_attribute_name|matching_priority|synchronization_rules/);
  });

  test("tokens inside the body resolve to Terraform expressions", () => {
    const stack = newStack();
    const owner = new TerraformVariable(stack, "owner", { type: "string" });
    const data = new DataMsgraphResource(stack, "tpl", { url: "/x", responseExportValues: { template_id: "value[0].id" } });
    new MsgraphUpdateResource(stack, "u", { url: `${data.id}/schema`, body: { displayName: owner.stringValue, nested: [{ templateId: data.outputValue("template_id") }] } });
    const block = JSON.parse(Testing.synth(stack)).resource.msgraph_update_resource.u;
    expect(block.url).toBe("${data.msgraph_resource.tpl.id}/schema");
    expect(block.body).toEqual({ displayName: "${var.owner}", nested: [{ templateId: "${data.msgraph_resource.tpl.output.template_id}" }] });
  });

  test("body strings are Terraform templates, as everywhere in cdktf: an escaped $${ passes through unchanged", () => {
    const stack = newStack();
    const owner = new TerraformVariable(stack, "owner", { type: "string" });
    // constructs/schema escapes Graph expressions such as "$${phoneNumber}" before they get here.
    new MsgraphUpdateResource(stack, "u", { url: "/y", body: { note: "$${literal} and %%{x}", mixed: `${owner.stringValue}-$\${lit}` } });
    const block = JSON.parse(Testing.synth(stack)).resource.msgraph_update_resource.u;
    expect(block.body).toEqual({ note: "$${literal} and %%{x}", mixed: "${var.owner}-$${lit}" });
  });

  test("meta-arguments: depends_on and lifecycle", () => {
    const stack = newStack();
    const first = new MsgraphResourceAction(stack, "first", { resourceUrl: "/x", method: "POST" });
    new MsgraphUpdateResource(stack, "u", { url: "/y", dependsOn: [first], lifecycle: { ignoreChanges: ["body"] } });
    const block = JSON.parse(Testing.synth(stack)).resource.msgraph_update_resource.u;
    expect(block.depends_on).toEqual(["msgraph_resource_action.first"]);
    expect(block.lifecycle).toEqual({ ignore_changes: ["body"] });
  });

  test("HCL rendering: the body as one exact expression, timeouts as a block", () => {
    const stack = newStack();
    new MsgraphUpdateResource(stack, "schema", { url: SCHEMA_URL, updateMethod: "PUT", body: { targetAttributeName: "userName", matchingPriority: 1 }, timeouts: { update: "20m" } });
    const hcl = Testing.synthHcl(stack);
    expect(hcl).toContain('resource "msgraph_update_resource" "schema" {');
    expect(hcl).toContain(`url = "${SCHEMA_URL}"`);
    expect(hcl).toContain('update_method = "PUT"');
    expect(hcl).toContain('body = "${{"targetAttributeName" = "userName", "matchingPriority" = 1}}"');
    expect(hcl).toMatch(/timeouts \{\s+update = "20m"\s+\}/);
  });
});

describe("MsgraphResourceAction", () => {
  test("POST validateCredentials with saved credentials", () => {
    const stack = newStack();
    new MsgraphResourceAction(stack, "validate", {
      resourceUrl: "/servicePrincipals/1/synchronization/jobs/2",
      method: "POST",
      action: "validateCredentials",
      body: { useSavedCredentials: true },
    });
    expect(Testing.synth(stack)).toHaveResourceWithProperties(MsgraphResourceAction, {
      resource_url: "/servicePrincipals/1/synchronization/jobs/2",
      method: "POST",
      action: "validateCredentials",
      body: { useSavedCredentials: true },
    });
    const block = JSON.parse(Testing.synth(stack)).resource.msgraph_resource_action.validate;
    expect(Object.keys(block).sort()).toEqual(["action", "body", "method", "resource_url"]);
  });

  test("an action's exported value is referenced through output", () => {
    const stack = newStack();
    const a = new MsgraphResourceAction(stack, "a", { resourceUrl: "/x", method: "GET", responseExportValues: { status: "status" } });
    new TerraformOutput(stack, "status", { value: a.outputValue("status") });
    new TerraformOutput(stack, "all", { value: a.output });
    const json = JSON.parse(Testing.synth(stack));
    expect(json.output.status.value).toBe("${msgraph_resource_action.a.output.status}");
    expect(json.output.all.value).toBe("${msgraph_resource_action.a.output}");
  });
});

describe("DataMsgraphResource", () => {
  test("reads with response_export_values; outputValue is a valid reference", () => {
    const stack = newStack();
    const templates = new DataMsgraphResource(stack, "templates", {
      url: "/servicePrincipals/1/synchronization/templates",
      responseExportValues: { template_id: "value[0].id", all: "@" },
    });
    new TerraformOutput(stack, "tpl", { value: templates.outputValue("template_id") });
    new TerraformOutput(stack, "id", { value: templates.id });
    const synthesized = Testing.synth(stack);
    expect(synthesized).toHaveDataSourceWithProperties(DataMsgraphResource, {
      url: "/servicePrincipals/1/synchronization/templates",
      response_export_values: { template_id: "value[0].id", all: "@" },
    });
    const json = JSON.parse(synthesized);
    expect(json.output.tpl.value).toBe("${data.msgraph_resource.templates.output.template_id}");
    expect(json.output.id.value).toBe("${data.msgraph_resource.templates.id}");
  });

  test("outputValue refuses a name that is not exported, or not an attribute name", () => {
    const stack = newStack();
    const d = new DataMsgraphResource(stack, "d", { url: "/x", responseExportValues: { template_id: "value[0].id" } });
    expect(errorOf(() => d.outputValue("templateId"))).toBe('test/d: outputValue: "templateId" is not in responseExportValues; expected one of template_id');
    expect(errorOf(() => d.outputValue("a.b"))).toBe('test/d: outputValue: "a.b" is not a valid attribute name; expected letters, digits, "_" or "-", not starting with a digit');
    const bare = new DataMsgraphResource(stack, "bare", { url: "/x" });
    expect(errorOf(() => bare.outputValue("x"))).toBe('test/bare: outputValue: "x" is not in responseExportValues; expected one of (none exported)');
  });
});

describe("construct-time checks (what the provider would reject at plan)", () => {
  test("api_version, update_method, when, timeouts keys, retry", () => {
    const s = newStack();
    expect(errorOf(() => new DataMsgraphResource(s, "a", { url: "/x", apiVersion: "v2" as "beta" }))).toBe(
      'test/a: apiVersion: "v2" is not accepted by the provider; expected one of v1.0, beta',
    );
    expect(errorOf(() => new MsgraphUpdateResource(s, "b", { url: "/x", updateMethod: "POST" as "PUT" }))).toBe(
      'test/b: updateMethod: "POST" is not accepted by the provider; expected one of PATCH, PUT',
    );
    expect(errorOf(() => new MsgraphResourceAction(s, "c", { resourceUrl: "/x", method: "POST", when: "update" as "create" }))).toBe(
      'test/c: when: "update" is not accepted by the provider; expected one of create, destroy',
    );
    expect(errorOf(() => new MsgraphResourceAction(s, "d", { resourceUrl: "/x", method: "POST", timeouts: { delete: "1m" } as unknown as { create: string } }))).toBe(
      "test/d: timeouts.delete: is not a timeout of this resource; expected create",
    );
    expect(errorOf(() => new DataMsgraphResource(s, "e", { url: "/x", retry: { errorMessageRegex: [] } }))).toBe(
      "test/e: retry.errorMessageRegex: is empty; expected at least one regular expression",
    );
    expect(errorOf(() => new DataMsgraphResource(s, "f", { url: "/x", retry: { errorMessageRegex: ["a", "a"] } }))).toBe(
      'test/f: retry.errorMessageRegex: "a" appears twice; expected unique expressions',
    );
  });

  test("a body JSON cannot carry is refused with its path, never its values", () => {
    const SENTINEL = "sentinel-secret-9b2c";
    const s = newStack();
    const body = { credentials: [{ key: "SecretToken", value: SENTINEL }], when: new Date(0) };
    const message = errorOf(() => new MsgraphResourceAction(s, "a", { resourceUrl: "/x", method: "POST", body }));
    expect(message).toBe("test/a: body.when: a Date instance cannot be sent to Graph; expected a plain object");
    expect(message).not.toContain(SENTINEL);
    expect(errorOf(() => new MsgraphUpdateResource(s, "b", { url: "/x", body: { n: Number.NaN } }))).toBe("test/b: body.n: NaN is not a JSON number; expected a finite number");
    expect(errorOf(() => new MsgraphUpdateResource(s, "c", { url: "/x", body: { list: [1, undefined] } }))).toBe("test/c: body.list[1]: is undefined; expected a JSON value (use null)");
    expect(errorOf(() => new MsgraphUpdateResource(s, "d", { url: "/x", body: { f: () => 1 } }))).toBe(
      "test/d: body.f: a function cannot be sent to Graph; expected JSON data (objects, arrays, strings, numbers, booleans, null)",
    );
  });
});
