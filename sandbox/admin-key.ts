/**
 * The key of the sandbox's admin routes (`/_sandbox/...`: health, stats, faults, reset, cycle),
 * derived from the tenant's signing key: whoever can read the state folder (the CLI) can use them,
 * nobody else on the machine can.
 */
import { createHmac } from "node:crypto";

export function adminKey(signingKey: string): string {
  return createHmac("sha256", signingKey).update("sandbox-admin").digest("base64url");
}
