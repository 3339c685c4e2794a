/**
 * The sandbox's access tokens: JWTs (header.payload.signature, base64url without padding) with
 * the claims Entra puts in an app-only token (aud, iss, iat, nbf, exp, appid, oid, tid, sub,
 * roles, ver). Signed HS256 with a key only the server holds: clients (the azuread provider,
 * azidentity, @azure/identity) decode the payload without checking the signature, and the
 * sandbox checks its own signature on every Graph call.
 */
import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";

export interface Claims {
  aud: string;
  iss: string;
  iat: number;
  nbf: number;
  exp: number;
  appid: string;
  azp: string;
  oid: string;
  sub: string;
  tid: string;
  idtyp: "app";
  roles: string[];
  ver: "1.0";
  uti: string;
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

export function signToken(claims: Omit<Claims, "uti">, key: string): string {
  const head = b64({ typ: "JWT", alg: "HS256", kid: "sandbox" });
  const body = b64({ ...claims, uti: randomUUID().replace(/-/g, "") });
  const signature = createHmac("sha256", key).update(`${head}.${body}`).digest("base64url");
  return `${head}.${body}.${signature}`;
}

/** The claims of a token this sandbox signed, or why it is not one. */
export function verifyToken(token: string, key: string, now: Date): { claims: Claims } | { problem: "malformed" | "signature" | "expired" } {
  const parts = token.split(".");
  if (parts.length !== 3) return { problem: "malformed" };
  const expected = createHmac("sha256", key).update(`${parts[0]}.${parts[1]}`).digest();
  const given = Buffer.from(parts[2], "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { problem: "signature" };
  let claims: Claims;
  try {
    claims = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8")) as Claims;
  } catch {
    return { problem: "malformed" };
  }
  const seconds = Math.floor(now.getTime() / 1000);
  // Entra allows five minutes of clock skew.
  if (typeof claims.exp !== "number" || claims.exp + 300 < seconds) return { problem: "expired" };
  return { claims };
}
