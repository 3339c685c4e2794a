/**
 * The stack's directory lookups (constructs/directory-lookups.ts) as the real azuread provider
 * reads them from the local Entra sandbox: the blocks synth writes for assignments (taken out of a
 * synthesized stack with the azuread provider block) are applied on their own, with outputs of
 * the object ids they give. A name finds its object with one Graph request; a name that matches
 * no object, or several, fails; a quote in a group's name is escaped in the filter.
 * Needs terraform and the azuread provider (npm run providers); skipped, and said so, without them.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, Connectors, EntraTenantStack, ScimProvisionedApp, type ScimProvisionedAppProps } from "../../constructs";
import { graphClient, type Graph } from "../../cli/local-tenant";
import { cliConfigText, installedParts } from "../../cli/providers/install";
import { splitCounts } from "../../bench/graph-stats";
import { testSandbox } from "../sandbox/support";

const TENANT_ID = "5d1c0f3e-7a2b-4c9d-8e1f-2a3b4c5d6e7f";
const parts = installedParts();
const azuread = parts.providers.find((p) => p.source.name === "azuread");
const runnable = parts.terraform !== undefined && azuread !== undefined;

/** terraform, asynchronously: the sandbox answering it runs in this process. */
function terraform(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(parts.terraform!.command, [...args, "-no-color"], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    child.on("close", (code) => resolve({ code: code ?? 1, out }));
  });
}

/** The lookups synth writes for these assignments, alone with the azuread provider, and an output per lookup. */
function lookupsOnly(assignments: ScimProvisionedAppProps["assignments"]): { config: object; outputs: string[] } {
  const outdir = mkdtempSync(join(tmpdir(), "lookups-synth-"));
  const app = new App({ outdir });
  const stack = new EntraTenantStack(app, "lookups", { tenantId: TENANT_ID });
  new ScimProvisionedApp(stack, "airstack", { connector: Connectors.airstack(), assignments });
  app.synth();
  const tf = JSON.parse(readFileSync(join(outdir, "stacks", "lookups", "cdk.tf.json"), "utf8"));
  const data: Record<string, Record<string, any>> = {};
  for (const type of ["azuread_users", "azuread_groups"]) if (tf.data[type]) data[type] = tf.data[type];
  // The principal ids the assignments use, as outputs named by the principal.
  const outputs: Record<string, { value: string }> = {};
  for (const a of Object.values<any>(tf.resource.azuread_app_role_assignment)) {
    const [, type, name] = /^\$\{one\(data\.(azuread_users|azuread_groups)\.([\w-]+)\.object_ids\)\}$/.exec(a.principal_object_id) ?? [];
    const principal = type === "azuread_users" ? data.azuread_users[name].user_principal_names[0] : data.azuread_groups[name].display_names[0];
    outputs[`o${Object.keys(outputs).length}`] = { value: a.principal_object_id, description: principal } as never;
  }
  return {
    config: {
      terraform: { required_providers: { azuread: tf.terraform.required_providers.azuread } },
      provider: { azuread: tf.provider.azuread },
      data,
      output: outputs,
    },
    outputs: Object.values(outputs).map((o: any) => o.description),
  };
}

const describeWithAzuread = runnable ? describe : describe.skip;
if (!runnable) process.stderr.write(`SKIPPED: "directory lookups with the real azuread provider" needs terraform and azuread: ${parts.missing.join("; ")}\n`);

describeWithAzuread("directory lookups with the real azuread provider, against the sandbox", () => {
  let sandbox: Awaited<ReturnType<typeof testSandbox>>["sandbox"];
  let graph: Graph;
  const ids = new Map<string, string>();
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    ({ sandbox } = await testSandbox({ tenantId: TENANT_ID }));
    graph = await graphClient(sandbox.env(), sandbox.caCertFile);
    for (const name of ["Sales", "O'Brien's team", "Twins", "Twins"]) {
      const g = await graph("POST", "/groups", { displayName: name, mailEnabled: false, mailNickname: "g", securityEnabled: true });
      ids.set(name, g.id);
    }
    const alice = await graph("POST", "/users", {
      accountEnabled: true, displayName: "Alice", mailNickname: "alice", userPrincipalName: "alice@contoso.com",
      passwordProfile: { password: "Passw0rd!lookups", forceChangePasswordNextSignIn: true },
    });
    ids.set("alice@contoso.com", alice.id);
    const dir = mkdtempSync(join(tmpdir(), "lookups-tfrc-"));
    writeFileSync(join(dir, "terraform.rc"), cliConfigText([azuread!]));
    env = { ...process.env, ...sandbox.env(), TF_CLI_CONFIG_FILE: join(dir, "terraform.rc"), CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" };
  }, 60_000);

  afterAll(async () => {
    await sandbox?.close();
  });

  async function apply(assignments: ScimProvisionedAppProps["assignments"]) {
    const { config, outputs } = lookupsOnly(assignments);
    const dir = mkdtempSync(join(tmpdir(), "lookups-"));
    writeFileSync(join(dir, "main.tf.json"), JSON.stringify(config, null, 2));
    sandbox.resetStats();
    const run = await terraform(["apply", "-auto-approve", "-input=false"], dir, env);
    const counts = splitCounts(sandbox.stats());
    const values = run.code === 0 ? JSON.parse((await terraform(["output", "-json"], dir, env)).out) : {};
    return { run, counts, found: Object.fromEntries(outputs.map((principal, i) => [principal, values[`o${i}`]?.value])) };
  }

  test("each name finds its object with one Graph request, a quote in a group's name included", async () => {
    const { run, counts, found } = await apply([
      { user: "alice@contoso.com", role: "User" },
      { group: "Sales", role: "User" },
      { group: "O'Brien's team", role: "User" },
    ]);
    expect(run.code).toBe(0);
    expect(found).toEqual({ "alice@contoso.com": ids.get("alice@contoso.com"), Sales: ids.get("Sales"), "O'Brien's team": ids.get("O'Brien's team") });
    // No member, owner or manager reads: the list request per name and nothing else.
    expect(counts.graph).toEqual({ "GET /v1.0/users": 1, "GET /beta/groups": 2 });
  }, 120_000);

  test.each([
    ["a group that does not exist", { group: "Nobody", role: "User" }, /No group found with display name: "Nobody"/],
    ["a name two groups have", { group: "Twins", role: "User" }, /More than one group found with display name: "Twins"/],
    ["a user who does not exist", { user: "nobody@contoso.com", role: "User" }, /User with UPN "nobody@contoso.com" was not found/],
  ])("%s fails", async (_what, assignment, message) => {
    const { run } = await apply([assignment]);
    expect(run.code).toBe(1);
    expect(run.out).toMatch(message);
  }, 120_000);
});
