/**
 * Benchmark SCIM target: the tests' scimmy server, in its own process so its CPU is not counted
 * against the client being measured. Prints { baseUrl, certFile } and serves until killed.
 * Usage: tsx bench/serve.ts <token> <certFile>
 */
import { writeFileSync } from "node:fs";
import { startScimServer } from "../test/support/scim-server";

void (async () => {
  const server = await startScimServer({ token: process.argv[2] });
  writeFileSync(process.argv[3], server.certPem);
  process.stdout.write(JSON.stringify({ baseUrl: server.baseUrl, certFile: process.argv[3] }) + "\n");
})();
