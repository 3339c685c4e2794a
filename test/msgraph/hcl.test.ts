/**
 * `cdktf synth --hcl`: the structured values the bindings render (body, maps, retry) are evaluated
 * by a real terraform (`terraform console`, no providers, offline) and must come back equal to
 * what was configured - including the strings cdktf's own renderer gets wrong.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TerraformStack, TerraformVariable, Testing } from "cdktf";
import { DataMsgraphResource, MsgraphProvider, MsgraphResourceAction, MsgraphUpdateResource } from "../../constructs/msgraph";
import { describeWithTerraform } from "../support/terraform";

const OWNER = 'o"w\\n${er}';

const TRICKY_BODY = {
  synchronizationRules: [
    {
      objectMappings: [
        {
          attributeMappings: [
            { targetAttributeName: "userName", matchingPriority: 1, source: { expression: "[userPrincipalName]", type: "Attribute" } },
            { targetAttributeName: "externalId", matchingPriority: 0, defaultValue: null, source: { expression: 'Join("@", [mailNickname], "contoso.com")' } },
          ],
          scope: { inputFilterGroups: [{ clauses: [{ targetOperand: { values: ["123", "True", "{x}", "50%%{y}", "$${notATemplate}"] } }] }] },
        },
      ],
    },
  ],
  multiLine: "line one\nline two\ttabbed \\ backslash",
  unicode: "Zoë – 東京",
  numbers: [0, -1, 2.5, 1e21],
  empty: { list: [], object: {} },
};

/** The right-hand side of `name = ...` in one rendered block. */
function attribute(hcl: string, block: string, name: string): string {
  const start = hcl.indexOf(block);
  if (start < 0) throw new Error(`no ${block} in:\n${hcl}`);
  const line = hcl
    .slice(start)
    .split("\n")
    .find((l) => l.trimStart().startsWith(`${name} = `));
  if (line === undefined) throw new Error(`no ${name} in ${block}`);
  return line.trimStart().slice(name.length + 3);
}

/** Evaluates HCL expressions with terraform; `owner` is a variable they may reference. */
function evaluate(expressions: Record<string, string>): Record<string, unknown> {
  const dir = mkdtempSync(join(tmpdir(), "msgraph-hcl-"));
  const locals = Object.entries(expressions).map(([k, v]) => `  ${k} = ${v}`).join("\n");
  writeFileSync(join(dir, "main.tf"), `variable "owner" {\n  default = ${JSON.stringify(OWNER).replace(/\$\{/g, () => "$${")}\n}\nlocals {\n${locals}\n}\n`);
  const result: Record<string, unknown> = {};
  for (const k of Object.keys(expressions)) {
    const r = spawnSync("terraform", ["console"], { cwd: dir, input: `jsonencode(local.${k})\n`, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`terraform console failed for ${k}: ${r.stderr}`);
    result[k] = JSON.parse(JSON.parse(r.stdout.trim()));
  }
  return result;
}

describeWithTerraform("HCL rendering evaluated by terraform", () => {
  test("body, query parameters, headers, exports and retry come back exactly as configured, tokens resolved", () => {
    const stack = new TerraformStack(Testing.app(), "test");
    new MsgraphProvider(stack, "msgraph");
    const owner = new TerraformVariable(stack, "owner", { type: "string" });
    new MsgraphUpdateResource(stack, "schema", {
      url: "/servicePrincipals/1/synchronization/jobs/2/schema",
      updateMethod: "PUT",
      body: { ...TRICKY_BODY, owner: owner.stringValue, ownerNote: `by ${owner.stringValue} "quoted"` },
      readQueryParameters: { $select: ["id", "synchronizationRules"], count: ["1"] },
      retry: { errorMessageRegex: ["Throttl.*", "\\d{3} \"busy\""] },
    });
    new DataMsgraphResource(stack, "templates", {
      url: "/servicePrincipals/1/synchronization/templates",
      headers: { ConsistencyLevel: "eventual", "X-Quote": 'a"b' },
      responseExportValues: { template_id: "value[?factoryTag=='scim'].id | [0]", all: "@", quoted: 'value[0]."odd key"' },
    });
    const hcl = Testing.synthHcl(stack);

    const got = evaluate({
      body: attribute(hcl, 'resource "msgraph_update_resource" "schema"', "body"),
      read_query_parameters: attribute(hcl, 'resource "msgraph_update_resource" "schema"', "read_query_parameters"),
      retry: attribute(hcl, 'resource "msgraph_update_resource" "schema"', "retry"),
      headers: attribute(hcl, 'data "msgraph_resource" "templates"', "headers"),
      response_export_values: attribute(hcl, 'data "msgraph_resource" "templates"', "response_export_values"),
    });
    // Strings are Terraform templates in HCL as in cdk.tf.json: "$${" and "%%{" are literal "${" and "%{".
    const expected = JSON.parse(JSON.stringify(TRICKY_BODY).replace("50%%{y}", "50%{y}").replace("$${notATemplate}", "${notATemplate}"));
    expect(got.body).toEqual({ ...expected, owner: OWNER, ownerNote: `by ${OWNER} "quoted"` });
    expect(got.read_query_parameters).toEqual({ $select: ["id", "synchronizationRules"], count: ["1"] });
    expect(got.retry).toEqual({ error_message_regex: ["Throttl.*", '\\d{3} "busy"'] });
    expect(got.headers).toEqual({ ConsistencyLevel: "eventual", "X-Quote": 'a"b' });
    expect(got.response_export_values).toEqual({ template_id: "value[?factoryTag=='scim'].id | [0]", all: "@", quoted: 'value[0]."odd key"' });
  });

  test("references inside structured values keep their ${} wherever they sit (cdktf would strip them inside our wrapper)", () => {
    const stack = new TerraformStack(Testing.app(), "test");
    new MsgraphProvider(stack, "msgraph");
    const owner = new TerraformVariable(stack, "owner", { type: "string" });
    const d = new DataMsgraphResource(stack, "d", { url: "/x", responseExportValues: { a: "a" } });
    new MsgraphUpdateResource(stack, "u", {
      url: `${d.id}/schema`,
      body: { first: owner.stringValue, nested: { a: d.outputValue("a") }, mixed: `x-${d.id}`, list: [d.id], last: owner.stringValue },
    });
    const body = attribute(Testing.synthHcl(stack), 'resource "msgraph_update_resource" "u"', "body");
    expect(body).toBe(
      '"${{"first" = "${var.owner}", "nested" = {"a" = "${data.msgraph_resource.d.output.a}"}, "mixed" = "x-${data.msgraph_resource.d.id}", "list" = ["${data.msgraph_resource.d.id}"], "last" = "${var.owner}"}}"',
    );
  });

  test("a string attribute with quotes or an escaped $${ is rendered exactly; a plain one stays plain", () => {
    const stack = new TerraformStack(Testing.app(), "test");
    new MsgraphProvider(stack, "msgraph");
    new MsgraphResourceAction(stack, "a", { resourceUrl: '/users/o"brien@contoso.com', method: "POST", action: "literal$${x}" });
    const hcl = Testing.synthHcl(stack);
    expect(hcl).toContain('method = "POST"');
    const got = evaluate({
      resource_url: attribute(hcl, 'resource "msgraph_resource_action" "a"', "resource_url"),
      action: attribute(hcl, 'resource "msgraph_resource_action" "a"', "action"),
    });
    expect(got).toEqual({ resource_url: '/users/o"brien@contoso.com', action: "literal${x}" });
  });
});
