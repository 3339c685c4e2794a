/**
 * `npm run providers`: what it prints and how it fails. The builds themselves take minutes and
 * need the module proxy to serve the providers; these tests cover everything around them with a
 * Go module proxy of their own on 127.0.0.1 that refuses, as a restricted proxy does.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main, shellQuote } from "../../cli/providers";
import { installAtomically, readBuild } from "../../cli/providers/cache";
import { explainGoFailure } from "../../cli/providers/go";
import { cliConfigText } from "../../cli/providers/install";
import { providerSources } from "../../cli/providers/sources";
import { atLeastMinimum } from "../../cli/providers/terraform-binary";
import { AZUREAD_PROVIDER_VERSION, MSGRAPH_PROVIDER_VERSION } from "../../constructs/provider-versions";
import { runCliAsync } from "../support/cli";
import { synthExample } from "../support/example";

const hasGo = spawnSync("go", ["version"]).status === 0;

function withEnv<T>(env: Record<string, string | undefined>, fn: () => Promise<T>): Promise<T> {
  const saved: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(env)) {
    saved[k] = process.env[k];
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  return fn().finally(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });
}

/**
 * Runs `fn` with a Go module proxy of its own on 127.0.0.1 that refuses every module as a
 * restricted proxy does, and a fresh module cache; returns the paths it was asked for.
 */
async function withRefusingProxy(cache: string, fn: () => Promise<void>): Promise<string[]> {
  const asked: string[] = [];
  const proxy: Server = createServer((req, res) => {
    asked.push(req.url ?? "");
    res.writeHead(403, { "content-type": "text/plain" });
    res.end("This module version is not available.");
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  const gopath = mkdtempSync(join(tmpdir(), "gopath-"));
  mkdirSync(join(gopath, "cache"), { recursive: true });
  try {
    const goproxy = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    await withEnv({ ENTRA_PROVISIONING_CACHE: cache, GOPROXY: goproxy, GOSUMDB: "off", GOMODCACHE: join(gopath, "mod"), GOCACHE: join(gopath, "cache"), GOFLAGS: "" }, fn);
  } finally {
    await new Promise((resolve) => proxy.close(resolve));
  }
  return asked;
}

describe("what gets built", () => {
  test("exactly the versions synth writes into required_providers", () => {
    const out = synthExample();
    const stack = JSON.parse(readFileSync(join(out, "stacks", "example-tenant", "cdk.tf.json"), "utf8"));
    const required = stack.terraform.required_providers;
    const sources = providerSources();
    expect(sources.map((s) => [s.address, s.version])).toEqual([
      [required.azuread.source, required.azuread.version],
      [required.msgraph.source, required.msgraph.version],
    ]);
    expect([AZUREAD_PROVIDER_VERSION, MSGRAPH_PROVIDER_VERSION]).toEqual([required.azuread.version, required.msgraph.version]);
  });

  test("azuread by the commit of its tag (its module path has no /v3), msgraph by its tag", () => {
    const [azuread, msgraph] = providerSources();
    expect(azuread.module).toBe("github.com/hashicorp/terraform-provider-azuread");
    expect(azuread.moduleVersion).toMatch(/^[0-9a-f]{40}$/);
    expect(msgraph.moduleVersion).toBe(`v${MSGRAPH_PROVIDER_VERSION}`);
  });

  test("terraform 1.5 or newer is required", () => {
    expect(["1.5.0", "1.11.4", "v1.10.6", "2.0.0"].map(atLeastMinimum)).toEqual([true, true, true, true]);
    expect(["1.4.7", "0.15.5", "1.4.0-beta1"].map(atLeastMinimum)).toEqual([false, false, false]);
  });
});

describe("the CLI config and the env lines", () => {
  test("dev_overrides name both providers; a cache path that would need escaping is refused", () => {
    const [azuread, msgraph] = providerSources();
    const text = cliConfigText([
      { source: azuread, dir: "/home/me/.cache/entra provisioning/azuread/3.7.0" },
      { source: msgraph, dir: "/cache/msgraph/0.5.0" },
    ]);
    expect(text).toContain('"hashicorp/azuread" = "/home/me/.cache/entra provisioning/azuread/3.7.0"');
    expect(text).toContain('"microsoft/msgraph" = "/cache/msgraph/0.5.0"');
    for (const dir of ['/tmp/a"b', "/tmp/${file(1)}", "/tmp/%{if}", "/tmp/a\\b", "/tmp/a\nb"]) {
      expect(() => cliConfigText([{ source: azuread, dir }])).toThrow(/has a character a terraform CLI config cannot hold safely .*; set ENTRA_PROVISIONING_CACHE to a plain path$/);
    }
    expect(text).toMatch(/provider_installation \{\n  dev_overrides \{[\s\S]*\n  \}\n  direct \{\}\n\}\n$/);
    const mirrored = cliConfigText([{ source: azuread, dir: "/c/a" }, { source: msgraph, dir: "/c/m" }], "/c/mirror");
    expect(mirrored).toContain('  filesystem_mirror {\n    path    = "/c/mirror"\n    include = ["hashicorp/azuread", "microsoft/msgraph"]\n  }\n  direct {\n    exclude = ["hashicorp/azuread", "microsoft/msgraph"]\n  }\n}\n');
  });

  test("export lines are single-quoted for the shell", () => {
    expect(shellQuote("/a b/it's $HOME `x`")).toBe(`'/a b/it'\\''s $HOME \`x\`'`);
    const r = spawnSync("sh", ["-c", `printf %s ${shellQuote("/a b/it's $HOME `x`")}`], { encoding: "utf8" });
    expect(r.stdout).toBe("/a b/it's $HOME `x`");
  });
});

describe("the cache never trusts a half-written build", () => {
  test("a build that fails leaves nothing; one whose binary changed afterwards is not trusted", async () => {
    const root = mkdtempSync(join(tmpdir(), "providers-cache-"));
    const dir = join(root, "providers", "azuread", "3.7.0");
    await expect(
      installAtomically(dir, async (tmp) => {
        writeFileSync(join(tmp, "terraform-provider-azuread"), "half");
        throw new Error("interrupted");
      }),
    ).rejects.toThrow("interrupted");
    expect(existsSync(dir)).toBe(false);
    expect(readBuild(dir)).toBeUndefined();

    const record = await installAtomically(dir, async (tmp) => {
      writeFileSync(join(tmp, "terraform-provider-azuread"), "binary");
      return { name: "azuread", version: "3.7.0", source: "m@v", binary: "terraform-provider-azuread", go: "go1.26" };
    });
    expect(readBuild(dir)).toEqual(record);
    writeFileSync(join(dir, "terraform-provider-azuread"), "tampered");
    expect(readBuild(dir)).toBeUndefined();
  });

  test("a record naming a binary outside its folder is not trusted", async () => {
    const dir = mkdtempSync(join(tmpdir(), "providers-cache-"));
    writeFileSync(join(dir, "build.json"), JSON.stringify({ binary: "../../etc/passwd", sha256: "x" }));
    expect(readBuild(dir)).toBeUndefined();
  });
});

describe("failures are one line that says what is missing", () => {
  test("the proxy's refusal, as go prints it", () => {
    const stderr =
      "go: github.com/microsoft/terraform-provider-msgraph@v0.5.0: github.com/microsoft/terraform-provider-msgraph@v0.5.0: reading https://proxy.example/github.com/microsoft/terraform-provider-msgraph/@v/v0.5.0.info: 403 Forbidden\n\tserver response: This module version is not available.\n";
    expect(explainGoFailure(stderr)).toBe("the Go module proxy refused it: 403 Forbidden (This module version is not available.)");
  });

  test("an unreachable proxy, a Go too old, a compile error", () => {
    expect(explainGoFailure("go: x@v1: Get \"https://p/x/@v/v1.info\": dial tcp 10.0.0.1:443: connect: connection refused\n")).toMatch(/^the Go module proxy could not be reached \(dial tcp/);
    expect(explainGoFailure("go: go.mod requires go >= 1.27.1 (running go 1.26.8; GOTOOLCHAIN=local)\n")).toBe("needs Go >= 1.27.1 (the machine's go is older)");
    expect(explainGoFailure("go: downloading a v1\n# pkg\n./x.go:1:1: syntax error\n")).toBe("the build failed: # pkg");
  });

  test("an unknown subcommand is a usage error (64)", async () => {
    const r = await runCliAsync(main, ["instal"]);
    expect(r.code).toBe(64);
    expect(r.err).toBe('providers: unknown command "instal"; expected install, env or status\nusage: npm run providers -- [install|env|status] [--json] [--stand-in msgraph=DIR] [--help]\n');
  });

  test("--help documents the exit codes", async () => {
    const r = await runCliAsync(main, ["--help"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Exit codes:\n  0  .*\n  1  .*\n  64  usage error/);
  });

  test("env and status on an empty cache exit 1 naming what is missing", async () => {
    const cache = mkdtempSync(join(tmpdir(), "providers-empty-"));
    await withEnv({ ENTRA_PROVISIONING_CACHE: cache }, async () => {
      const env = await runCliAsync(main, ["env"]);
      expect([env.code, env.out, env.err]).toEqual([1, "", `providers: azuread ${AZUREAD_PROVIDER_VERSION} is not built (run npm run providers)\n`]);
      const status = await runCliAsync(main, ["status", "--json"]);
      expect(status.code).toBe(1);
      expect(JSON.parse(status.out)).toMatchObject({ installed: false, cache });
    });
  });

  test("no Go on PATH", async () => {
    const cache = mkdtempSync(join(tmpdir(), "providers-nogo-"));
    const bin = mkdtempSync(join(tmpdir(), "bin-"));
    await withEnv({ ENTRA_PROVISIONING_CACHE: cache, PATH: bin }, async () => {
      const r = await runCliAsync(main, []);
      expect(r.code).toBe(1);
      expect(r.err).toBe("providers: Go is not installed (no `go` on PATH): the providers are built from source with Go >= 1.26 through the Go module proxy\n");
    });
    expect(readBuild(join(cache, "providers", "azuread", AZUREAD_PROVIDER_VERSION))).toBeUndefined();
  });

  (hasGo ? test : test.skip)("a module proxy that refuses the provider: one line, exit 1, nothing cached", async () => {
    const cache = mkdtempSync(join(tmpdir(), "providers-refused-"));
    const refused = await withRefusingProxy(cache, async () => {
      const r = await runCliAsync(main, ["install"]);
      expect(r.code).toBe(1);
      expect(r.err.trim().split("\n").pop()).toBe(`providers: azuread ${AZUREAD_PROVIDER_VERSION}: the Go module proxy refused it: 403 Forbidden (This module version is not available.)`);
    });
    expect(refused.some((url) => url.startsWith("/github.com/hashicorp/terraform-provider-azuread/@v/"))).toBe(true);
    expect(readBuild(join(cache, "providers", "azuread", AZUREAD_PROVIDER_VERSION))).toBeUndefined();
    expect(existsSync(join(cache, "providers", "azuread", AZUREAD_PROVIDER_VERSION))).toBe(false);
  }, 60_000);
});

describe("a stand-in msgraph, where the proxy refuses the pinned version", () => {
  /** A cache entry as installAtomically leaves it, with a tiny stand-in binary. */
  async function fakeEntry(cache: string, name: "azuread" | "msgraph", version: string, standIn?: { builtFrom: string; lacks: string[] }): Promise<void> {
    await installAtomically(join(cache, "providers", name, version), async (tmp) => {
      writeFileSync(join(tmp, `terraform-provider-${name}`), `#!/bin/sh\necho ${name}\n`, { mode: 0o755 });
      return { name, version, source: standIn ? `stand-in, built from ${standIn.builtFrom}` : `module@${version}`, binary: `terraform-provider-${name}`, go: "go version test", ...(standIn ? { standIn } : {}) };
    });
  }

  test("--stand-in takes msgraph=DIR only: anything else is a usage error (64) naming the flag", async () => {
    for (const [value, message] of [
      ["azuread=/src", `providers: --stand-in: only msgraph can stand in (azuread's cdktf classes are generated for one exact version); got "azuread"`],
      ["/src/terraform-provider-msgraph", "providers: --stand-in: expected <provider>=<source checkout>, e.g. msgraph=../terraform-provider-msgraph"],
    ]) {
      const r = await runCliAsync(main, ["install", "--stand-in", value]);
      expect([r.code, r.err.split("\n")[0]]).toEqual([64, message]);
    }
  });

  (hasGo ? test : test.skip)("a cached stand-in is kept while the proxy refuses, named as one; env tells synth to leave environment out", async () => {
    const cache = mkdtempSync(join(tmpdir(), "providers-stand-in-"));
    await fakeEntry(cache, "azuread", AZUREAD_PROVIDER_VERSION);
    await fakeEntry(cache, "msgraph", MSGRAPH_PROVIDER_VERSION, { builtFrom: "/src/msgraph @ c44c069", lacks: ["environment"] });
    const asked = await withRefusingProxy(cache, async () => {
      const r = await runCliAsync(main, ["install"]);
      expect(r.code).toBe(0);
      expect(r.err).toBe(`providers: msgraph ${MSGRAPH_PROVIDER_VERSION}: the Go module proxy refused it: 403 Forbidden (This module version is not available.); using the stand-in built from /src/msgraph @ c44c069 (it lacks environment)\n`);
      expect(r.out).toContain(`microsoft/msgraph ${MSGRAPH_PROVIDER_VERSION}: STAND-IN built from /src/msgraph @ c44c069 (lacks environment): `);
      const env = await runCliAsync(main, ["env"]);
      expect(env.code).toBe(0);
      expect(env.out).toContain("export ENTRA_PROVISIONING_MSGRAPH_WITHOUT_ENVIRONMENT='1'\n");
      const status = await runCliAsync(main, ["status", "--json"]);
      expect(JSON.parse(status.out).providers[1].standIn).toEqual({ builtFrom: "/src/msgraph @ c44c069", lacks: ["environment"] });
    });
    // Tried again (the stand-in gives way as soon as the proxy serves the pinned version), then kept.
    expect(asked.some((url) => url.startsWith("/github.com/microsoft/terraform-provider-msgraph/@v/"))).toBe(true);
    expect(readBuild(join(cache, "providers", "msgraph", MSGRAPH_PROVIDER_VERSION))?.standIn?.builtFrom).toBe("/src/msgraph @ c44c069");
  }, 60_000);

  (hasGo ? test : test.skip)("the real version, once built, carries no stand-in variable", async () => {
    const cache = mkdtempSync(join(tmpdir(), "providers-real-"));
    await fakeEntry(cache, "azuread", AZUREAD_PROVIDER_VERSION);
    await fakeEntry(cache, "msgraph", MSGRAPH_PROVIDER_VERSION);
    await withEnv({ ENTRA_PROVISIONING_CACHE: cache }, async () => {
      expect((await runCliAsync(main, ["install"])).code).toBe(0);
      const env = await runCliAsync(main, ["env"]);
      expect(env.out).not.toContain("ENTRA_PROVISIONING_MSGRAPH_WITHOUT_ENVIRONMENT");
    });
  }, 60_000);

  (hasGo ? test : test.skip)("a stand-in checkout that is not a Go module fails in one line", async () => {
    const cache = mkdtempSync(join(tmpdir(), "providers-bad-stand-in-"));
    const notGo = mkdtempSync(join(tmpdir(), "not-go-"));
    await fakeEntry(cache, "azuread", AZUREAD_PROVIDER_VERSION);
    await withRefusingProxy(cache, async () => {
      const r = await runCliAsync(main, ["install", "--stand-in", `msgraph=${notGo}`]);
      expect(r.code).toBe(1);
      expect(r.err.trim().split("\n").pop()).toBe(`providers: --stand-in msgraph: ${notGo} is not a Go module (no go.mod)`);
    });
    expect(existsSync(join(cache, "providers", "msgraph", MSGRAPH_PROVIDER_VERSION))).toBe(false);
  }, 60_000);
});
