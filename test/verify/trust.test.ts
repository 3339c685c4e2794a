/**
 * --trust-base: a pull request's manifest cannot send a token to a host the base branch does not
 * already send it to (cli/verify/trust.ts).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AppManifest, Manifest } from "../../manifest/schema";
import { main } from "../../cli/verify";
import { originOf, trustVerdict, trustedOrigins } from "../../cli/verify/trust";
import { synthManifests } from "../support/manifests";
import { startScimServer, throwawayCertificate, type ScimServer } from "../support/scim-server";

function app(id: string, tenantUrl: string, tokenEnv: string | null = `TF_VAR_${id}_secret_token`): AppManifest {
  return { id, tenantUrl, tokenEnv, tokenVariable: tokenEnv?.replace(/^TF_VAR_/, "") ?? null } as AppManifest;
}
const manifest = (stack: string, apps: AppManifest[]) => ({ stack, apps }) as unknown as Manifest;

const base = trustedOrigins([
  manifest("prod", [app("ipass", "https://openmobile.ipass.com/moservices/scim/v1"), app("vault", "https://scim.vault.example", null)]),
  manifest("test", [app("ipass", "https://staging.ipass.example:8443/scim", "TF_VAR_ipass_secret_token")]),
]);

describe("trustVerdict", () => {
  test("an unchanged tenant URL is trusted", () => {
    expect(trustVerdict(app("ipass", "https://openmobile.ipass.com/moservices/scim/v1"), base)).toEqual({ trusted: true });
  });

  test("another path or query on the same origin is trusted: the token already goes to that server", () => {
    expect(trustVerdict(app("ipass", "https://openmobile.ipass.com/other/scim?x=1"), base)).toEqual({ trusted: true });
  });

  test("any origin the base sends the same variable to is trusted (two stacks sharing a variable on purpose)", () => {
    expect(trustVerdict(app("ipass", "https://staging.ipass.example:8443/v2"), base)).toEqual({ trusted: true });
  });

  test("a new host for an existing token is not trusted, and the reason names both", () => {
    expect(trustVerdict(app("ipass", "https://attacker.example/scim"), base)).toEqual({
      trusted: false,
      reason:
        "not verified: the base branch sends TF_VAR_ipass_secret_token to https://openmobile.ipass.com, https://staging.ipass.example:8443, not to https://attacker.example; review the tenant URL change, it is verified once merged",
    });
  });

  test("a different port or scheme is a different origin", () => {
    expect(trustVerdict(app("ipass", "https://openmobile.ipass.com:444/moservices/scim/v1"), base).trusted).toBe(false);
    expect(trustVerdict(app("ipass", "http://openmobile.ipass.com/moservices/scim/v1"), base).trusted).toBe(false);
  });

  test("credentials in the URL do not change the origin, and are never printed", () => {
    const verdict = trustVerdict(app("ipass", "https://user:secret@attacker.example/scim"), base);
    expect(verdict.trusted).toBe(false);
    expect(JSON.stringify(verdict)).not.toContain("secret@");
  });

  test("a token variable the base does not know (a new app, or a renamed variable) is not sent", () => {
    expect(trustVerdict(app("newapp", "https://openmobile.ipass.com/moservices/scim/v1"), base)).toEqual({
      trusted: false,
      reason: "not verified: the base branch sends no token from TF_VAR_newapp_secret_token; it is verified once the change is merged",
    });
  });

  test("an app that pointed its existing URL at another app's token is not trusted", () => {
    expect(trustVerdict(app("vault", "https://scim.vault.example", "TF_VAR_ipass_secret_token"), base).trusted).toBe(false);
  });

  test("an app whose token is a reference (no variable) reads no token, so there is nothing to withhold", () => {
    expect(trustVerdict(app("vault", "https://elsewhere.example", null), base)).toEqual({ trusted: true });
  });
});

test("originOf: scheme, host and port only; undefined for what is not a URL", () => {
  expect(originOf("https://u:p@Scim.Example.com:443/a?b#c")).toBe("https://scim.example.com");
  expect(originOf("not a url")).toBeUndefined();
});

describe("verify --trust-base against real SCIM servers", () => {
  const TOKEN = "SENTINEL-trust-token-81f3";
  let home: ScimServer;
  let elsewhere: ScimServer;
  let caFile: string;

  beforeAll(async () => {
    const cert = await throwawayCertificate();
    home = await startScimServer({ token: TOKEN, cert });
    elsewhere = await startScimServer({ token: TOKEN, cert });
    caFile = join(mkdtempSync(join(tmpdir(), "trust-ca-")), "ca.pem");
    writeFileSync(caFile, home.certPem);
  }, 30_000);

  afterAll(async () => {
    await home.close();
    await elsewhere.close();
  });

  async function verify(args: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = "";
    let err = "";
    const io = { stdout: { write: (s: string) => ((out += s), true) }, stderr: { write: (s: string) => ((err += s), true) } } as any;
    const previous = { a: process.env.TF_VAR_a_secret_token, b: process.env.TF_VAR_b_secret_token };
    process.env.TF_VAR_a_secret_token = TOKEN;
    process.env.TF_VAR_b_secret_token = TOKEN;
    try {
      const code = await main([...args, "--ca", caFile, "--timeout-ms", "5000"], io);
      expect(out + err).not.toContain(TOKEN);
      return { code, out, err };
    } finally {
      process.env.TF_VAR_a_secret_token = previous.a;
      process.env.TF_VAR_b_secret_token = previous.b;
    }
  }

  test("a pull request that moves one app to another host: that app is skipped and its server never hears from verify", async () => {
    const base = synthManifests([{ id: "a", tenantUrl: home.baseUrl }, { id: "b", tenantUrl: home.baseUrl }]);
    const pr = synthManifests([{ id: "a", tenantUrl: home.baseUrl }, { id: "b", tenantUrl: elsewhere.baseUrl }]);
    elsewhere.requests.length = 0;
    const table = await verify(["--out", pr, "--trust-base", base]);
    expect(table.code).toBe(0);
    expect(elsewhere.requests).toEqual([]);
    expect(table.out).toContain(`PASS  test-tenant/a  ${home.baseUrl}`);
    expect(table.out).toContain(`SKIP  test-tenant/b  ${elsewhere.baseUrl}\n  - not verified: the base branch sends TF_VAR_b_secret_token to ${new URL(home.baseUrl).origin}, not to ${new URL(elsewhere.baseUrl).origin}; review the tenant URL change, it is verified once merged\n`);
    expect(table.out.trimEnd().split("\n").pop()).toBe("1 app(s) verified, all passed; 1 skipped (token not sent: see --trust-base)");

    const json = JSON.parse((await verify(["--out", pr, "--trust-base", base, "--json"])).out);
    expect(json.ok).toBe(true);
    expect(json.apps.map((a: any) => [a.app, a.ok, a.skipped ?? false])).toEqual([["a", true, false], ["b", true, true]]);
    expect(elsewhere.requests).toEqual([]);
  });

  test("without --trust-base the same manifest is probed everywhere (the flag is what protects)", async () => {
    const pr = synthManifests([{ id: "b", tenantUrl: elsewhere.baseUrl }]);
    elsewhere.requests.length = 0;
    expect((await verify(["--out", pr])).code).toBe(0);
    expect(elsewhere.requests.length).toBeGreaterThan(0);
  });

  test("a base output with stacks but no manifest trusts nothing; a directory that is no synth output is exit 2", async () => {
    const pr = synthManifests([{ id: "a", tenantUrl: home.baseUrl }]);
    const empty = mkdtempSync(join(tmpdir(), "trust-empty-"));
    mkdirSync(join(empty, "stacks"));
    const r = await verify(["--out", pr, "--trust-base", empty, "--json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).apps[0]).toMatchObject({ app: "a", skipped: true });
    const none = await verify(["--out", pr, "--trust-base", join(empty, "nope")]);
    expect(none).toEqual({ code: 2, out: "", err: `verify: --trust-base ${join(empty, "nope")}: no synthesized stacks there; expected the base branch's synth output (its cdktf.out)\n` });
  });

  test("--trust-base with --deep is a usage error", async () => {
    const r = await verify(["--deep", "--trust-base", "x"]);
    expect(r.code).toBe(64);
    expect(r.err.split("\n")[0]).toBe("verify: --trust-base does not apply to --deep");
  });
});
