/**
 * The sandbox's certificates, made with `selfsigned` (a maintained generator on @peculiar/x509):
 * a CA created on first start and kept in the state folder (`ca.pem`, `ca-key.pem`), and a leaf
 * signed by it for 127.0.0.1 (IP SAN, which Go requires for an IP host) and the two Microsoft
 * hosts the CONNECT proxy answers for. Clients trust the CA through SSL_CERT_FILE (Go) and
 * NODE_EXTRA_CA_CERTS (Node); nothing is added to the system's trust store.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { X509Certificate } from "node:crypto";
import { join } from "node:path";
import { generate } from "selfsigned";

/** Hosts the sandbox answers for over TLS (directly and through the proxy). */
export const INTERCEPTED_HOSTS = ["graph.microsoft.com", "login.microsoftonline.com"] as const;

export interface SandboxCertificates {
  /** PEM file of the CA: SSL_CERT_FILE, NODE_EXTRA_CA_CERTS. */
  readonly caCertFile: string;
  readonly caCert: string;
  readonly key: string;
  readonly cert: string;
}

const DAY = 24 * 3600 * 1000;

async function createCa(now: Date): Promise<{ key: string; cert: string }> {
  const pems = await generate([{ name: "commonName", value: "Entra sandbox local CA" }, { name: "organizationName", value: "entra-provisioning sandbox" }], {
    keySize: 2048,
    algorithm: "sha256",
    notBeforeDate: new Date(now.getTime() - DAY),
    notAfterDate: new Date(now.getTime() + 3650 * DAY),
    extensions: [
      { name: "basicConstraints", cA: true, critical: true },
      { name: "keyUsage", keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}

type AltName = { type: 2; value: string } | { type: 7; ip: string };

/** A server certificate for `altNames`, signed by the sandbox CA. */
async function signLeaf(ca: { key: string; cert: string }, commonName: string, altNames: AltName[], now: Date): Promise<{ key: string; cert: string }> {
  const pems = await generate([{ name: "commonName", value: commonName }], {
    keySize: 2048,
    algorithm: "sha256",
    notBeforeDate: new Date(now.getTime() - DAY),
    // Under 398 days: the longest validity TLS clients accept for a leaf.
    notAfterDate: new Date(now.getTime() + 390 * DAY),
    ca,
    extensions: [
      { name: "basicConstraints", cA: false },
      { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
      { name: "extKeyUsage", serverAuth: true },
      { name: "subjectAltName", altNames },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}

function createLeaf(ca: { key: string; cert: string }, now: Date): Promise<{ key: string; cert: string }> {
  return signLeaf(ca, "127.0.0.1", [{ type: 7, ip: "127.0.0.1" }, { type: 2, value: "localhost" }, ...INTERCEPTED_HOSTS.map((value) => ({ type: 2 as const, value }))], now);
}

function stillValid(pem: string, now: Date, marginDays: number): boolean {
  try {
    const cert = new X509Certificate(pem);
    return new Date(cert.validTo).getTime() - now.getTime() > marginDays * DAY;
  } catch {
    return false;
  }
}

/** The CA (created once, kept) and a leaf (re-made when missing or close to expiry). */
export async function certificates(stateDir: string, now: Date): Promise<SandboxCertificates> {
  const caCertFile = join(stateDir, "ca.pem");
  const caKeyFile = join(stateDir, "ca-key.pem");
  const leafFile = join(stateDir, "leaf.pem");
  const leafKeyFile = join(stateDir, "leaf-key.pem");
  let ca: { key: string; cert: string };
  if (existsSync(caCertFile) && existsSync(caKeyFile) && stillValid(readFileSync(caCertFile, "utf8"), now, 30)) {
    ca = { cert: readFileSync(caCertFile, "utf8"), key: readFileSync(caKeyFile, "utf8") };
  } else {
    ca = await createCa(now);
    writeFileSync(caKeyFile, ca.key, { mode: 0o600 });
    writeFileSync(caCertFile, ca.cert);
  }
  let leaf: { key: string; cert: string } | undefined;
  if (existsSync(leafFile) && existsSync(leafKeyFile)) {
    const cert = readFileSync(leafFile, "utf8");
    const issuedByCa = (() => {
      try {
        return new X509Certificate(cert).checkIssued(new X509Certificate(ca.cert));
      } catch {
        return false;
      }
    })();
    if (issuedByCa && stillValid(cert, now, 7)) leaf = { cert, key: readFileSync(leafKeyFile, "utf8") };
  }
  if (!leaf) {
    leaf = await createLeaf(ca, now);
    writeFileSync(leafKeyFile, leaf.key, { mode: 0o600 });
    writeFileSync(leafFile, leaf.cert);
  }
  return { caCertFile, caCert: ca.cert, key: leaf.key, cert: leaf.cert };
}

/**
 * A leaf for the local SCIM apps' host names (the vendors' tenant URL hosts), signed by the
 * sandbox CA, so the engine (and verify) reach them with TLS verified against that CA alone.
 */
export async function leafForHosts(stateDir: string, hosts: readonly string[], now: Date): Promise<{ key: string; cert: string }> {
  const ca = { cert: readFileSync(join(stateDir, "ca.pem"), "utf8"), key: readFileSync(join(stateDir, "ca-key.pem"), "utf8") };
  return signLeaf(ca, hosts[0] ?? "localhost", hosts.map((value) => ({ type: 2 as const, value })), now);
}
