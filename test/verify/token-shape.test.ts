/**
 * verify checks a connector's documented token shape before probing (issue 13 item 8): SmartFile's
 * token is ProductKey:ProductPassword. The shape is the connector module's own tokenFormat (the
 * one deploy's Terraform variable validation uses), the app fails without a request, and the
 * message says what is wrong without any of the token.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, Connectors, EntraTenantStack, ScimProvisionedApp } from "../../constructs";
import { runVerify } from "../../cli/verify/run";
import { tokenFormatOf, tokenShapeProblem } from "../../cli/verify/token-shape";
import { startScimServer, type ScimServer } from "../support/scim-server";
import { synthManifests } from "../support/manifests";

const GOOD = "SENTINELKEY4a1:SENTINELPASS9c2";
const SMARTFILE = "ProductKey:ProductPassword (the SmartFile Product Key and Product Password joined by one colon)";
let server: ScimServer;
let caFile: string;

beforeAll(async () => {
  server = await startScimServer({ token: GOOD });
  caFile = join(mkdtempSync(join(tmpdir(), "shape-ca-")), "ca.pem");
  writeFileSync(caFile, server.certPem);
}, 30_000);

afterAll(async () => {
  await server.close();
});

describe("the token formats verify knows are the connectors' own", () => {
  // One entry per connector: a connector added to the catalog without one here fails this test.
  const build: Record<keyof typeof Connectors, () => { key: string; tokenFormat?: unknown }> = {
    ipassSmartConnect: () => Connectors.ipassSmartConnect({ registeredDomains: ["contoso.com"] }),
    iprova: () => Connectors.iprova(),
    airstack: () => Connectors.airstack(),
    smartFile: () => Connectors.smartFile({ siteName: "contoso" }),
    genericScim: () => Connectors.genericScim({ galleryName: "Some App", objects: ["users"] }),
  };

  test.each(Object.keys(Connectors) as Array<keyof typeof Connectors>)("%s", (name) => {
    const connector = build[name]();
    expect(tokenFormatOf(connector.key)).toEqual(connector.tokenFormat);
  });

  test("SmartFile's is ProductKey:ProductPassword; an unknown key has none", () => {
    expect(tokenFormatOf("smartFile")?.description).toBe(SMARTFILE);
    expect(tokenFormatOf("__proto__")).toBeUndefined();
    expect(tokenFormatOf("noSuchConnector")).toBeUndefined();
  });
});

describe("tokenShapeProblem says what is wrong, never what the token is", () => {
  const format = tokenFormatOf("smartFile")!;
  test.each([
    ["SENTINELKEY4a1SENTINELPASS9c2", `does not have the documented shape ${SMARTFILE}: it has no colon`],
    ["SENTINEL:KEY:PASS", `does not have the documented shape ${SMARTFILE}: it has 2 colons`],
    ["SENTINELKEY:", `does not have the documented shape ${SMARTFILE}: one side of its colon is empty`],
    [":SENTINELPASS", `does not have the documented shape ${SMARTFILE}: one side of its colon is empty`],
    [`${GOOD}\n`, `does not have the documented shape ${SMARTFILE}: it starts or ends with whitespace (a line break copied with it?)`],
    ["SENTINEL KEY:PASS", `does not have the documented shape ${SMARTFILE}: it contains whitespace`],
  ])("%j", (token, problem) => {
    expect(tokenShapeProblem(token, format)).toBe(problem);
  });

  test("a token of the documented shape has no problem", () => {
    expect(tokenShapeProblem(GOOD, format)).toBeUndefined();
  });
});

describe("verify with a SmartFile app", () => {
  /** A manifest whose app is a SmartFile app aimed at the local SCIM server. */
  function smartFileManifest(): string {
    const outDir = synthManifests([{ id: "files", tenantUrl: server.baseUrl }]);
    const file = join(outDir, "stacks", "test-tenant", "provisioning.json");
    const manifest = JSON.parse(readFileSync(file, "utf8"));
    manifest.apps[0].connector = { key: "smartFile", galleryName: "SmartFile" };
    writeFileSync(file, JSON.stringify(manifest));
    return outDir;
  }

  test("a token without the colon fails the app without any request, naming the shape", async () => {
    const outDir = smartFileManifest();
    const before = server.requests.length;
    const result = await runVerify({ outDir, caFile, env: { TF_VAR_files_secret_token: "SENTINELKEY4a1SENTINELPASS9c2" } });
    expect(JSON.stringify(result)).not.toContain("SENTINEL");
    expect(result.apps[0].checks).toEqual([
      { name: "token", ok: false, ms: 0, message: `TF_VAR_files_secret_token does not have the documented shape ${SMARTFILE}: it has no colon; nothing was sent to the app` },
    ]);
    expect(server.requests.length).toBe(before);
  });

  test("a token of the documented shape is probed as usual", async () => {
    const result = await runVerify({ outDir: smartFileManifest(), caFile, env: { TF_VAR_files_secret_token: GOOD } });
    expect(result.ok).toBe(true);
    expect(result.apps[0].checks[0]).toMatchObject({ name: "connection", ok: true, status: 200 });
  });

  test("the manifest of a real SmartFile app carries its connector key, so the shape is checked for it", async () => {
    const outdir = mkdtempSync(join(tmpdir(), "shape-out-"));
    const app = new App({ outdir });
    const stack = new EntraTenantStack(app, "test-tenant", { tenantId: "contoso.onmicrosoft.com" });
    new ScimProvisionedApp(stack, "files", { connector: Connectors.smartFile({ siteName: "contoso" }) });
    app.synth();
    const result = await runVerify({ outDir: outdir, env: { TF_VAR_files_secret_token: "SENTINEL:KEY:PASS" } });
    expect(JSON.stringify(result)).not.toContain("SENTINEL");
    expect(result.apps[0]).toMatchObject({ tenantUrl: "https://contoso.smartfile.com/ftp/scim", ok: false });
    expect(result.apps[0].checks).toEqual([
      { name: "token", ok: false, ms: 0, message: `TF_VAR_files_secret_token does not have the documented shape ${SMARTFILE}: it has 2 colons; nothing was sent to the app` },
    ]);
  });
});

describe("verify --deep checks the same shape", () => {
  test("no request with a misshapen SmartFile token", async () => {
    const { runDeep } = await import("../../cli/verify/deep/run");
    const outDir = synthManifests([{ id: "files", tenantUrl: server.baseUrl }]);
    const file = join(outDir, "stacks", "test-tenant", "provisioning.json");
    const manifest = JSON.parse(readFileSync(file, "utf8"));
    manifest.apps[0].connector = { key: "smartFile", galleryName: "SmartFile" };
    writeFileSync(file, JSON.stringify(manifest));
    const before = server.requests.length;
    const result = await runDeep({ outDir, caFile, env: { TF_VAR_files_secret_token: "SENTINELKEY:" } });
    expect(result.apps[0].checks).toEqual([
      { name: "token", ok: false, ms: 0, message: `TF_VAR_files_secret_token does not have the documented shape ${SMARTFILE}: one side of its colon is empty; nothing was sent to the app` },
    ]);
    expect(server.requests.length).toBe(before);
  });
});
