/**
 * The README's TypeScript examples are promises: each must type-check against the public API and
 * synthesize without a guardrail failure.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as ts from "typescript";

const root = join(__dirname, "..");
const blocks = [
  ...readFileSync(join(root, "README.md"), "utf8").matchAll(/```ts\n([\s\S]*?)```/g),
  ...readFileSync(join(root, "docs", "ci.md"), "utf8").matchAll(/```ts\n([\s\S]*?)```/g),
].map((m) => m[1]);

/** A runnable module for one example: the same imports, and a tenant when the example uses one. */
function moduleFor(block: string): string {
  const body = block.replace(/^import .*from "\.\/constructs";\n/m, "");
  const lines = [`import { App, Connectors, EntraTenantStack, ScimProvisionedApp } from ${JSON.stringify(join(root, "constructs"))};`];
  if (!/const app = new App\(\)/.test(body)) lines.push("const app = new App();");
  if (!/const tenant = new EntraTenantStack/.test(body) && /\btenant\b/.test(body)) {
    lines.push('const tenant = new EntraTenantStack(app, "prod", { tenantId: "contoso.onmicrosoft.com" });');
  }
  lines.push(body);
  if (!/app\.synth\(\)/.test(body)) lines.push("app.synth();");
  lines.push("void Connectors; void ScimProvisionedApp; void EntraTenantStack;");
  return lines.join("\n") + "\n";
}

describe("README examples", () => {
  const dir = mkdtempSync(join(tmpdir(), "readme-"));
  const files = blocks.map((block, i) => {
    const file = join(dir, `example${i}.ts`);
    writeFileSync(file, moduleFor(block));
    return file;
  });

  test("there are examples to check", () => {
    expect(files.length).toBeGreaterThanOrEqual(4);
  });

  test("they type-check against the public API", () => {
    const program = ts.createProgram(files, {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      esModuleInterop: true,
      skipLibCheck: true,
      types: ["node"],
      typeRoots: [join(root, "node_modules", "@types")],
    });
    const diagnostics = ts.getPreEmitDiagnostics(program).filter((d) => d.file && files.includes(d.file.fileName));
    expect(diagnostics.map((d) => `${d.file?.fileName}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`)).toEqual([]);
  }, 60_000);

  test.each(files.map((f, i) => [i, f]))("example %i synthesizes", (_i, file) => {
    const out = mkdtempSync(join(tmpdir(), "readme-out-"));
    mkdirSync(out, { recursive: true });
    expect(() =>
      execFileSync(join(root, "node_modules", ".bin", "tsx"), [file as string], {
        cwd: root,
        env: { ...process.env, CDKTF_OUTDIR: out, CHECKPOINT_DISABLE: "1" },
        stdio: "pipe",
        timeout: 60_000,
      }),
    ).not.toThrow();
  }, 60_000);
});

describe("README: several tenants in one app", () => {
  test("the two-tenant example synthesizes two stacks whose apps read their own token variables", () => {
    const readme = readFileSync(join(root, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("## Several tenants in one app"));
    const block = /```ts\n([\s\S]*?)```/.exec(section)?.[1] as string;
    expect(block).toContain('new EntraTenantStack(app, stackId, { tenantId })');
    const dir = mkdtempSync(join(tmpdir(), "readme-tenants-"));
    const file = join(dir, "two-tenants.ts");
    writeFileSync(file, moduleFor(block));
    const out = mkdtempSync(join(tmpdir(), "readme-tenants-out-"));
    const { JEST_WORKER_ID: _worker, ...env } = process.env;
    execFileSync(join(root, "node_modules", ".bin", "tsx"), [file], { cwd: root, env: { ...env, CDKTF_OUTDIR: out, CHECKPOINT_DISABLE: "1" }, stdio: "pipe", timeout: 60_000 });
    const apps = (stack: string) =>
      JSON.parse(readFileSync(join(out, "stacks", stack, "provisioning.json"), "utf8")).apps.map((a: { id: string; tokenEnv: string }) => [a.id, a.tokenEnv]);
    expect(apps("contoso-test")).toEqual([
      ["ipass", "TF_VAR_contoso_test_ipass_secret_token"],
      ["iprova", "TF_VAR_contoso_test_iprova_secret_token"],
    ]);
    expect(apps("contoso-prod")).toEqual([
      ["ipass", "TF_VAR_contoso_prod_ipass_secret_token"],
      ["iprova", "TF_VAR_contoso_prod_iprova_secret_token"],
    ]);
    const variables = (stack: string) => Object.keys(JSON.parse(readFileSync(join(out, "stacks", stack, "cdk.tf.json"), "utf8")).variable);
    expect(variables("contoso-prod")).toEqual(["contoso_prod_ipass_secret_token", "contoso_prod_iprova_secret_token"]);
  }, 60_000);
});
