import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runDeep, type DeepResult } from "../../cli/verify/deep/run";
import { startScimTarget, type ScimTarget } from "../support/scim-target";
import { synthManifests, type TestApp } from "../support/manifests";

const TOKEN = "SENTINEL-deep-token-7e3a";
let target: ScimTarget;
let caFile: string;

beforeAll(async () => {
  target = await startScimTarget({ token: TOKEN });
  caFile = join(mkdtempSync(join(tmpdir(), "deep-ca-")), "ca.pem");
  writeFileSync(caFile, target.certPem);
}, 30_000);

afterAll(async () => {
  await target.close();
});

beforeEach(() => {
  target.fault = "none";
  target.users.clear();
  target.groups.clear();
});

async function deep(app: Partial<TestApp> = {}, options: { keepGoing?: boolean; tenantUrl?: string } = {}): Promise<DeepResult> {
  const outDir = synthManifests([{ id: "app", tenantUrl: options.tenantUrl ?? target.baseUrl, ...app }]);
  const result = await runDeep({ outDir, caFile, timeoutMs: 5000, keepGoing: options.keepGoing ?? true, env: { TF_VAR_app_secret_token: TOKEN } });
  expect(JSON.stringify(result)).not.toContain(TOKEN);
  return result;
}

const rows = (r: DeepResult) => r.apps[0].checks.map((c) => [c.name, c.ok ? (c.skipped ? "skip" : "pass") : "FAIL", c.status ?? null]);

test("explore", async () => {
  const r = await deep();
  console.log(JSON.stringify(r.apps[0].checks, null, 1));
  console.log(JSON.stringify(target.requests.slice(0, 3), null, 1));
});
