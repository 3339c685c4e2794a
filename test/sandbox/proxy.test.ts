/**
 * The CONNECT proxy: tunnels to graph.microsoft.com:443 and login.microsoftonline.com:443 are
 * terminated with the sandbox CA's leaf and answered by the sandbox (links point back to the
 * Microsoft host the client called); every other target, and any plain HTTP request, is refused
 * with 403 and logged. A Go client (as the providers are) trusts the sandbox through
 * SSL_CERT_FILE and reaches it both directly (127.0.0.1, IP SAN) and through HTTPS_PROXY.
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ProxyAgent, request } from "undici";
import type { Sandbox } from "../../sandbox";
import { testSandbox, token } from "./support";

let sandbox: Sandbox;
let logs: string[];

beforeAll(async () => {
  ({ sandbox, logs } = await testSandbox());
});
afterAll(async () => {
  await sandbox.close();
});

async function viaProxy(url: string, headers: Record<string, string> = {}): Promise<{ status: number; json: any }> {
  const agent = new ProxyAgent({ uri: sandbox.proxyUrl, requestTls: { ca: sandbox.caCert } });
  try {
    const r = await request(url, { dispatcher: agent, headers });
    const text = await r.body.text();
    return { status: r.statusCode, json: text ? JSON.parse(text) : undefined };
  } finally {
    await agent.close();
  }
}

test("graph.microsoft.com through the proxy is the sandbox, with links on graph.microsoft.com", async () => {
  const t = await token(sandbox, "https://graph.microsoft.com/.default");
  const r = await viaProxy("https://graph.microsoft.com/v1.0/applicationTemplates?$top=2", { authorization: `Bearer ${t}` });
  expect(r.status).toBe(200);
  expect(r.json["@odata.context"]).toBe("https://graph.microsoft.com/v1.0/$metadata#applicationTemplates");
  expect(r.json["@odata.nextLink"]).toMatch(/^https:\/\/graph\.microsoft\.com\/v1\.0\/applicationTemplates\?/);
});

test("login.microsoftonline.com through the proxy: the issuer's host is the authority's host", async () => {
  const r = await viaProxy(`https://login.microsoftonline.com/${sandbox.tenantId}/v2.0/.well-known/openid-configuration`);
  expect(r.status).toBe(200);
  expect(r.json.issuer).toBe(`https://login.microsoftonline.com/${sandbox.tenantId}/v2.0`);
  expect(r.json.token_endpoint).toBe(`https://login.microsoftonline.com/${sandbox.tenantId}/oauth2/v2.0/token`);
});

test("any other target is refused with 403 and logged; nothing leaves the machine", async () => {
  await expect(viaProxy("https://example.com/")).rejects.toThrow(/403|Forbidden/);
  await expect(viaProxy("https://graph.microsoft.com:8443/v1.0/users")).rejects.toThrow(/403|Forbidden/);
  const plain = await new Promise<number>((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port: sandbox.proxyPort, path: "http://example.com/", method: "GET" }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
    req.end();
  });
  expect(plain).toBe(403);
  expect(logs).toContain("proxy refused CONNECT example.com:443");
  expect(logs).toContain("proxy refused CONNECT graph.microsoft.com:8443");
  expect(sandbox.stats().requests["CONNECT (refused)"]).toBe(2);
});

const GO_CLIENT = `package main

import (
	"fmt"
	"io"
	"net/http"
	"os"
)

func main() {
	for _, url := range os.Args[1:] {
		resp, err := http.Get(url)
		if err != nil {
			fmt.Println("ERR", err)
			continue
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		fmt.Println(resp.StatusCode, len(body))
	}
}
`;

/** The machine's build cache, so the standard library is not rebuilt for each run. */
function goCache(): string {
  return execFileSync("go", ["env", "GOCACHE"], { encoding: "utf8" }).trim();
}

function goAvailable(): boolean {
  try {
    execFileSync("go", ["version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

// The providers are Go programs: Go reads SSL_CERT_FILE, needs an IP SAN for 127.0.0.1, never
// proxies loopback, and proxies graph.microsoft.com through HTTPS_PROXY.
(goAvailable() ? test : test.skip)(
  "a Go client trusts the sandbox with SSL_CERT_FILE, directly on 127.0.0.1 and through HTTPS_PROXY",
  async () => {
    const dir = mkdtempSync(join(tmpdir(), "sandbox-go-"));
    writeFileSync(join(dir, "main.go"), GO_CLIENT);
    const env = { PATH: process.env.PATH, HOME: process.env.HOME ?? dir, GOCACHE: goCache(), GO111MODULE: "off", ...sandbox.env() };
    const urls = [`${sandbox.url}/metadata/endpoints?api-version=2022-09-01`, `https://login.microsoftonline.com/${sandbox.tenantId}/v2.0/.well-known/openid-configuration`, "https://example.com/"];
    // Asynchronous: the sandbox answers from this process.
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn("go", ["run", join(dir, "main.go"), ...urls], { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"] });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
      child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
      child.on("error", reject);
      child.on("close", (code) => (code === 0 ? resolve(stdout) : reject(new Error(`go run: ${code}: ${stderr}`))));
    });
    const lines = out.trim().split("\n");
    expect(lines[0]).toMatch(/^200 \d+$/);
    expect(lines[1]).toMatch(/^200 \d+$/);
    expect(lines[2]).toMatch(/^ERR .*Forbidden/);
  },
  180_000,
);
