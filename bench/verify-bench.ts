/**
 * verify throughput: `runVerify` over N apps against a plain undici loop that sends the same
 * requests (the same five GETs per app, same concurrency, same agent settings, bodies read).
 */
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { request } from "undici";
import { endpoint } from "../cli/verify/checks";
import { createAgent } from "../cli/verify/http";
import { runVerify } from "../cli/verify/run";
import { synthManifests } from "../test/support/manifests";

const TOKEN = "bench-token";
const CONCURRENCY = 8;

async function startServer(dir: string): Promise<{ baseUrl: string; certFile: string; stop: () => void }> {
  const proc = spawn(join(__dirname, "..", "node_modules", ".bin", "tsx"), [join(__dirname, "serve.ts"), TOKEN, join(dir, "cert.pem")], { stdio: ["ignore", "pipe", "inherit"] });
  const line = await new Promise<string>((resolve, reject) => {
    let buf = "";
    proc.stdout.on("data", (d) => {
      buf += d;
      if (buf.includes("\n")) resolve(buf.split("\n")[0]);
    });
    proc.on("exit", (code) => reject(new Error(`bench SCIM server exited (${code})`)));
  });
  return { ...JSON.parse(line), stop: () => proc.kill() };
}

async function plainLoop(tenantUrls: string[], certFile: string): Promise<number> {
  const agent = createAgent({ timeoutMs: 10_000, caFile: certFile, connections: CONCURRENCY });
  const started = performance.now();
  let next = 0;
  const get = async (url: URL) => {
    const r = await request(url, { dispatcher: agent, headers: { authorization: `Bearer ${TOKEN}`, accept: "application/scim+json" } });
    await r.body.text();
  };
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < tenantUrls.length) {
        const base = tenantUrls[next++];
        await get(endpoint(base, "Users", { filter: `userName eq "${randomUUID()}"` }));
        await get(endpoint(base, "Users", { filter: `externalId eq "${randomUUID()}"` }));
        await get(endpoint(base, "Groups", { filter: `displayName eq "${randomUUID()}"`, excludedAttributes: "members" }));
        await get(endpoint(base, "ServiceProviderConfig"));
        await get(endpoint(base, "Schemas"));
      }
    }),
  );
  const ms = performance.now() - started;
  await agent.close();
  return ms;
}

export async function benchVerify(n: number, repeats: number) {
  const dir = mkdtempSync(join(tmpdir(), "bench-verify-"));
  const server = await startServer(dir);
  try {
    const outDir = synthManifests(Array.from({ length: n }, (_, i) => ({ id: `app${i}`, tenantUrl: server.baseUrl })), "bench");
    const env = Object.fromEntries(Array.from({ length: n }, (_, i) => [`TF_VAR_app${i}_secret_token`, TOKEN]));
    const urls = Array.from({ length: n }, () => server.baseUrl);
    const verifyMs: number[] = [];
    const plainMs: number[] = [];
    const runVerifyOnce = async () => {
      const started = performance.now();
      const result = await runVerify({ outDir, caFile: server.certFile, concurrency: CONCURRENCY, env });
      if (!result.ok) throw new Error(`verify failed in the benchmark: ${JSON.stringify(result.apps.find((a) => !a.ok)?.checks)}`);
      verifyMs.push(performance.now() - started);
    };
    for (let r = 0; r < repeats; r++) {
      if (r % 2 === 0) {
        await runVerifyOnce();
        plainMs.push(await plainLoop(urls, server.certFile));
      } else {
        plainMs.push(await plainLoop(urls, server.certFile));
        await runVerifyOnce();
      }
    }
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const v = med(verifyMs);
    const p = med(plainMs);
    process.stderr.write(`verify ${n}: ${Math.round(v)} ms vs plain ${Math.round(p)} ms\n`);
    rmSync(outDir, { recursive: true, force: true });
    return { apps: n, verifyMs: Math.round(v), plainMs: Math.round(p), verifyAppsPerSec: Math.round((n / v) * 1000), plainAppsPerSec: Math.round((n / p) * 1000), ratio: Math.round((v / p) * 100) / 100 };
  } finally {
    server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
