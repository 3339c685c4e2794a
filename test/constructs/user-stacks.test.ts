/**
 * The README invites a user to add their own tenant beside the example one: in main.ts, with its
 * stack in a file under stacks/. This test does exactly that in a copy of the repository (a stack
 * that declares two of the example's app ids and one of its own) and runs there the tests that
 * read main.ts, by the "main.ts" in their names: they must stay green, and the example tenant's
 * token variables must keep their names.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";

const root = join(__dirname, "..", "..");

const USER_STACK = `import type { Construct } from "constructs";
import { Connectors, EntraTenantStack, ScimProvisionedApp } from "../constructs";

export class ContosoProdStack extends EntraTenantStack {
  constructor(scope: Construct) {
    super(scope, "contoso-prod", { tenantId: "contoso.onmicrosoft.com" });
    new ScimProvisionedApp(this, "ipass", { connector: Connectors.ipassSmartConnect({ registeredDomains: ["contoso.com"] }) });
    new ScimProvisionedApp(this, "iprova", { connector: Connectors.iprova() });
    new ScimProvisionedApp(this, "hr-portal", { connector: Connectors.genericScim({ objects: ["users"] }), tenantUrl: "https://hr.contoso.com/scim/v2" });
  }
}
`;

/** A copy of the repository (node_modules linked, outputs left out) with the user's stack added to main.ts. */
function projectWithUserStack(): string {
  const dir = mkdtempSync(join(tmpdir(), "user-stacks-"));
  const skip = new Set(["node_modules", "cdktf.out", ".git", "coverage"]);
  cpSync(root, dir, { recursive: true, filter: (src) => src === root || !skip.has(basename(src)) });
  symlinkSync(join(root, "node_modules"), join(dir, "node_modules"), "dir");
  writeFileSync(join(dir, "stacks", "contoso-prod.ts"), USER_STACK);
  const main = readFileSync(join(dir, "main.ts"), "utf8");
  const registered = main
    .replace('import { ExampleTenantStack } from "./stacks/example-tenant";', 'import { ExampleTenantStack } from "./stacks/example-tenant";\nimport { ContosoProdStack } from "./stacks/contoso-prod";')
    .replace("new ExampleTenantStack(app);", "new ExampleTenantStack(app);\n  new ContosoProdStack(app);");
  expect(registered).toContain("new ContosoProdStack(app);");
  writeFileSync(join(dir, "main.ts"), registered);
  return dir;
}

test("a user's own stack in main.ts and stacks/ keeps the main.ts tests green and the example tenant's variables", () => {
  const dir = projectWithUserStack();
  // Plain programs, not jest workers (the one-line error handler leaves jest workers alone).
  const { JEST_WORKER_ID: _worker, ...inherited } = process.env;
  const env: NodeJS.ProcessEnv = { ...inherited, CHECKPOINT_DISABLE: "1" };

  const synth = spawnSync(join(dir, "node_modules", ".bin", "tsx"), ["main.ts"], { cwd: dir, env: { ...env, CDKTF_OUTDIR: join(dir, "out") }, encoding: "utf8", timeout: 120_000 });
  expect(synth.stderr).toBe("");
  expect(synth.status).toBe(0);
  const variables = synth.stdout.split("\n").filter((l) => l.startsWith("  TF_VAR_")).map((l) => l.trim().split(/ +/));
  expect(Object.fromEntries(variables.map(([name, apps]) => [apps, name]))).toEqual({
    "example-tenant/ipass": "TF_VAR_ipass_secret_token",
    "example-tenant/iprova": "TF_VAR_iprova_secret_token",
    "example-tenant/airstack": "TF_VAR_airstack_secret_token",
    "example-tenant/smartfile": "TF_VAR_smartfile_secret_token",
    "contoso-prod/ipass": "TF_VAR_contoso_prod_ipass_secret_token",
    "contoso-prod/iprova": "TF_VAR_contoso_prod_iprova_secret_token",
    "contoso-prod/hr-portal": "TF_VAR_hr_portal_secret_token",
  });

  const jest = spawnSync(
    join(dir, "node_modules", ".bin", "jest"),
    ["--ci", "--runInBand", "test/constructs/synth-cli.test.ts", "test/constructs/secrets.test.ts", "-t", "main\\.ts"],
    { cwd: dir, env, encoding: "utf8", timeout: 540_000 },
  );
  const summary = jest.stderr.split("\n").find((l) => l.startsWith("Tests:"));
  expect([jest.status, summary]).toEqual([0, expect.stringMatching(/^Tests: +\d+ skipped, 3 passed, \d+ total$/)]);
}, 600_000);
