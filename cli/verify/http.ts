/**
 * The one way verify talks to a SCIM app: GET with the bearer token, https only, no redirects
 * followed (a token must not travel to another URL), bounded response size, a deadline, and
 * 429/503 honoured with Retry-After while it fits in the deadline. Errors come back as one line an
 * admin can act on; nothing here ever prints the token or echoes a response body.
 */
import type { LookupFunction } from "node:net";
import { rootCertificates } from "node:tls";
import { Agent, errors as undiciErrors, request } from "undici";
import { readCaPem } from "./ca";
import { Secrets, serverText } from "./shown";
import { readBoundedText } from "../bounded-body";

/** Responses larger than this are cut off and fail. */
export const MAX_BODY_BYTES = 1024 * 1024;

export interface ProbeResponse {
  readonly status: number;
  readonly contentType: string;
  /** Parsed JSON when the body is JSON, otherwise undefined. */
  readonly json?: unknown;
  readonly ms: number;
}

/** A probe that got no usable HTTP answer, or an answer that means "stop" (redirect, too large). */
export class ProbeError extends Error {
  constructor(
    message: string,
    public readonly status?: number,
  ) {
    super(message);
    this.name = "ProbeError";
  }
}

export interface HttpOptions {
  /** Per-request deadline, including Retry-After waits. */
  readonly timeoutMs: number;
  /** PEM file of an extra trusted CA (apps behind a private CA). */
  readonly caFile?: string;
  /** Concurrent connections overall. */
  readonly connections?: number;
  /** How host names are resolved (tests inject a resolver's failures). @default - the system's, dns.lookup */
  readonly lookup?: LookupFunction;
}

/** Creates the dispatcher: default trust store plus --ca, connect timeout bounded by the deadline. */
export function createAgent(options: HttpOptions): Agent {
  const ca = options.caFile ? [...rootCertificates, readCaPem(options.caFile)] : undefined;
  return new Agent({
    connect: { ...(ca ? { ca } : {}), ...(options.lookup ? { lookup: options.lookup } : {}), timeout: options.timeoutMs, rejectUnauthorized: true },
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
    connections: options.connections,
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Seconds or an HTTP date, as milliseconds from now; undefined when absent or unreadable. */
export function retryAfterMs(header: string | string[] | undefined, now = Date.now()): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === "") return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** A GET with sendScim's rules (what the plain verify checks send). */
export function getScim(agent: Agent, url: URL, token: string, options: HttpOptions): Promise<ProbeResponse> {
  return sendScim(agent, url, token, options, { method: "GET" });
}

/** Where a redirect pointed, as printed: origin and path only (a query may carry anything), sanitized and short. */
function redirectTarget(location: string | string[] | undefined, base: URL, token: string): string {
  if (typeof location !== "string") return "another location";
  try {
    const target = new URL(location, base);
    const secrets = new Secrets();
    secrets.add(token);
    return serverText(target.origin + target.pathname, secrets);
  } catch {
    return "another location";
  }
}

const TLS_CODES = new Set([
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "UNABLE_TO_GET_ISSUER_CERT",
  "CERT_UNTRUSTED",
]);

function describeNetworkError(err: unknown, url: URL, timeoutMs: number): string {
  const e = err as { code?: string; name?: string; cause?: { code?: string; name?: string } };
  const code = e.code ?? e.cause?.code ?? "";
  const name = e.name ?? "";
  if (TLS_CODES.has(code)) {
    return `TLS: the certificate of ${url.host} is not trusted (${code}); if the app uses a private CA, pass --ca FILE`;
  }
  if (code === "CERT_HAS_EXPIRED") return `TLS: the certificate of ${url.host} has expired; the app must renew it (Entra rejects it too)`;
  if (code === "ERR_TLS_CERT_ALTNAME_INVALID") return `TLS: the certificate does not name ${url.hostname}; check the tenant URL's host`;
  // getaddrinfo's answers: ENOTFOUND is "no such name" from a DNS server that answered; EAI_AGAIN
  // ("temporary failure in name resolution") is what a machine without a reachable DNS server
  // (offline, no resolver configured) gets for every name, so it is not the tenant URL's fault.
  if (code === "ENOTFOUND") return `DNS: ${url.hostname} does not resolve; check the tenant URL's host name`;
  if (code === "EAI_AGAIN") {
    return `DNS: no answer for ${url.hostname} (EAI_AGAIN: this machine's DNS server did not respond); check that this machine is online and can resolve names, then the tenant URL's host name`;
  }
  if (code === "ECONNREFUSED") return `connection refused by ${url.host}; check the tenant URL and that the app is up`;
  if (code === "ECONNRESET" || code === "UND_ERR_SOCKET") return `connection to ${url.host} was closed before an answer; check the tenant URL (is it a TLS endpoint?)`;
  if (
    err instanceof undiciErrors.HeadersTimeoutError ||
    err instanceof undiciErrors.BodyTimeoutError ||
    err instanceof undiciErrors.ConnectTimeoutError ||
    name === "TimeoutError" ||
    name === "AbortError" ||
    code === "UND_ERR_ABORTED"
  ) {
    return `no answer within ${timeoutMs} ms; check that the app is up and reachable from here`;
  }
  if (err instanceof ProbeError) return err.message;
  if (name === "HTTPParserError" || code.startsWith("HPE_")) {
    return `${url.host} answered something that is not valid HTTP; check the tenant URL (is it the app's HTTPS endpoint?)`;
  }
  return `request to ${url.host} failed (${code || name || "unknown error"})`;
}

/** A failure after the headers arrived: the app began an answer and did not finish it. */
function describeBodyError(err: unknown, url: URL, timeoutMs: number): string {
  const message = describeNetworkError(err, url, timeoutMs);
  if (message.startsWith("no answer within")) {
    return `no complete answer within ${timeoutMs} ms: ${url.host} sent its headers, then its body stalled; check the app (or a proxy in front of it), then try again`;
  }
  if (message.startsWith("connection to")) {
    return `the answer from ${url.host} was cut off: the connection closed in the middle of the body; check the app (or a proxy in front of it), then try again`;
  }
  return message;
}

/** A SCIM request with a method and an optional JSON body (what `verify --deep` sends). */
export interface ScimRequest {
  readonly method: "GET" | "POST" | "PATCH" | "DELETE";
  /** Sent as application/scim+json. */
  readonly body?: unknown;
}

/**
 * Like getScim, for any method: the same rules (https only, no redirects followed, bounded body,
 * one deadline for the whole exchange, 429/503 retried while Retry-After fits in it). A 429 or
 * 503 means the app did not process the request, so repeating a POST or PATCH is safe. The body
 * is read inside the error handling: a server that closes or stalls mid-body is a ProbeError.
 */
export async function sendScim(agent: Agent, url: URL, token: string, options: HttpOptions, req: ScimRequest): Promise<ProbeResponse> {
  if (url.protocol !== "https:") {
    throw new ProbeError(`${url.protocol.replace(":", "")} is not allowed; Entra only provisions over https, so use an https:// tenant URL`);
  }
  const started = Date.now();
  const deadline = started + options.timeoutMs;
  const payload = req.body === undefined ? undefined : JSON.stringify(req.body);
  for (let attempt = 1; ; attempt++) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw new ProbeError(`no answer within ${options.timeoutMs} ms; check that the app is up and reachable from here`);
    let status: number;
    let contentType: string;
    let text: string;
    let retryWait: number | undefined;
    // Whether the status line and headers had arrived when something failed: then it is the body that broke.
    let headersIn = false;
    try {
      const response = await request(url, {
        method: req.method,
        dispatcher: agent,
        headers: {
          authorization: `Bearer ${token}`,
          accept: "application/scim+json, application/json",
          ...(payload !== undefined ? { "content-type": "application/scim+json" } : {}),
        },
        body: payload,
        signal: AbortSignal.timeout(remaining),
      });
      status = response.statusCode;
      headersIn = true;
      if (status >= 300 && status < 400) {
        const where = redirectTarget(response.headers.location, url, token);
        await response.body.dump();
        throw new ProbeError(`redirect (${status}) to ${where} refused: a token must not travel to another URL; use the final URL as the tenant URL`, status);
      }
      if ((status === 429 || status === 503) && attempt < 5) {
        retryWait = retryAfterMs(response.headers["retry-after"]);
        await response.body.dump();
        if (retryWait === undefined || Date.now() + retryWait >= deadline) {
          throw new ProbeError(
            retryWait === undefined
              ? `${status === 429 ? "rate limited (429)" : "unavailable (503)"} without a usable Retry-After; try again later`
              : `${status === 429 ? "rate limited (429)" : "unavailable (503)"}: Retry-After ${retryWait > 86_400_000 ? "of more than a day" : `${Math.ceil(retryWait / 1000)} s`} does not fit in --timeout-ms ${options.timeoutMs}; try again later or raise --timeout-ms`,
            status,
          );
        }
        await sleep(retryWait);
        continue;
      }
      contentType = String(response.headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();
      text = await readBoundedText(
        response.body,
        MAX_BODY_BYTES,
        () => new ProbeError(`response from ${url.host} is larger than ${MAX_BODY_BYTES / 1024} KiB; a SCIM answer to this query is small, so this is not the SCIM endpoint`),
      );
    } catch (err) {
      if (err instanceof ProbeError) throw err;
      throw new ProbeError(headersIn ? describeBodyError(err, url, options.timeoutMs) : describeNetworkError(err, url, options.timeoutMs), headersIn ? status! : undefined);
    }
    let json: unknown;
    if (text !== "" && (contentType.endsWith("json") || contentType === "")) {
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
    }
    return { status, contentType, json, ms: Date.now() - started };
  }
}
