/**
 * Entra's SCIM client: the requests the provisioning service sends to a tenant URL, over undici
 * with the sandbox's dispatcher. The secret token goes into the Authorization header and nowhere
 * else: errors carry the method, the path and the app's SCIM error detail, never headers.
 */
import { request, type Dispatcher } from "undici";

export type ScimKind = "Users" | "Groups";

/** How a failed request is classified: what the cycle and Test Connection do about it. */
export type ScimFailure =
  /** 401/403: the credentials are refused. */
  | "unauthorized"
  /** The app could not be reached (DNS, TCP, TLS, timeout, refused route). */
  | "unreachable"
  /** 404 on a query or create: not a SCIM endpoint at this URL ("SCIM Compliance issue"). */
  | "notFound"
  /** 409: uniqueness conflict. */
  | "conflict"
  /** Another 4xx. */
  | "rejected"
  /** 5xx or 429. */
  | "serverError"
  /** A 2xx whose body is not the SCIM JSON expected. */
  | "unexpectedResponse";

export class ScimRequestError extends Error {
  constructor(
    readonly failure: ScimFailure,
    readonly method: string,
    /** The URL requested (the tenant URL plus the resource path); never holds the token. */
    readonly url: string,
    readonly status: number | null,
    /** The app's SCIM error `detail` or a short excerpt of its body. */
    readonly detail: string,
  ) {
    super(`${method} ${url}: ${status === null ? "no response" : `HTTP ${status}`}${detail ? `: ${detail}` : ""}`);
    this.name = "ScimRequestError";
  }
}

export interface ScimResponse {
  readonly status: number;
  readonly body: Record<string, unknown> | undefined;
}

/** Largest response body read (a SCIM app answering megabytes is not following the protocol). */
const MAX_BODY_BYTES = 1024 * 1024;
const TIMEOUT_MS = 30_000;

/** Escapes a value for a SCIM filter string literal (RFC 7644 section 3.4.2.2: a JSON string). */
export function filterLiteral(value: string): string {
  return JSON.stringify(value);
}

async function readBody(body: Dispatcher.ResponseData<unknown>["body"]): Promise<string> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) {
      body.destroy();
      throw new Error("response body larger than 1 MiB");
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function detailOf(text: string): string {
  try {
    const parsed = JSON.parse(text) as { detail?: unknown };
    if (typeof parsed.detail === "string") return parsed.detail.slice(0, 500);
  } catch {
    // not JSON: an excerpt of the text below
  }
  return text.replace(/\s+/g, " ").trim().slice(0, 200);
}

function classify(status: number): ScimFailure {
  if (status === 401 || status === 403) return "unauthorized";
  if (status === 404) return "notFound";
  if (status === 409) return "conflict";
  if (status === 429 || status >= 500) return "serverError";
  return "rejected";
}

export class ScimClient {
  /** Requests sent, as `METHOD /path?query` relative to the SCIM root (for logs and tests). */
  readonly sent: string[] = [];

  constructor(
    private readonly scimRoot: string,
    private readonly token: string,
    private readonly dispatcher?: Dispatcher,
  ) {}

  /** `GET /Users?filter=<attribute> eq "<value>"` (groups with `excludedAttributes=members`). */
  async query(kind: ScimKind, attribute: string, value: string): Promise<Array<Record<string, unknown>>> {
    const params = new URLSearchParams();
    if (kind === "Groups") params.set("excludedAttributes", "members");
    params.set("filter", `${attribute} eq ${filterLiteral(value)}`);
    const response = await this.send("GET", `/${kind}?${params.toString().replace(/\+/g, "%20")}`);
    const resources = response.body?.Resources;
    if (response.body === undefined || (resources !== undefined && !Array.isArray(resources))) {
      throw new ScimRequestError("unexpectedResponse", "GET", `${this.scimRoot}/${kind}`, response.status, "the response is not a SCIM ListResponse");
    }
    return (resources as Array<Record<string, unknown>> | undefined) ?? [];
  }

  /** `GET /Users/{id}`; undefined when the app answers 404. */
  async get(kind: ScimKind, id: string): Promise<Record<string, unknown> | undefined> {
    const query = kind === "Groups" ? "?excludedAttributes=members" : "";
    try {
      const response = await this.send("GET", `/${kind}/${encodeURIComponent(id)}${query}`);
      return response.body;
    } catch (error) {
      if (error instanceof ScimRequestError && error.status === 404) return undefined;
      throw error;
    }
  }

  async create(kind: ScimKind, resource: Record<string, unknown>): Promise<Record<string, unknown>> {
    const response = await this.send("POST", `/${kind}`, resource);
    if (!response.body || typeof response.body.id !== "string") {
      throw new ScimRequestError("unexpectedResponse", "POST", `${this.scimRoot}/${kind}`, response.status, "the created resource has no id");
    }
    return response.body;
  }

  async patch(kind: ScimKind, id: string, operations: readonly unknown[]): Promise<void> {
    await this.send("PATCH", `/${kind}/${encodeURIComponent(id)}`, { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: operations });
  }

  async delete(kind: ScimKind, id: string): Promise<void> {
    await this.send("DELETE", `/${kind}/${encodeURIComponent(id)}`);
  }

  private async send(method: "GET" | "POST" | "PATCH" | "DELETE", path: string, body?: unknown): Promise<ScimResponse> {
    const url = `${this.scimRoot}${path}`;
    this.sent.push(`${method} ${path}`);
    let response: Dispatcher.ResponseData<unknown>;
    try {
      response = await request(url, {
        method,
        dispatcher: this.dispatcher,
        headers: {
          authorization: `Bearer ${this.token}`,
          accept: "application/scim+json, application/json",
          ...(body === undefined ? {} : { "content-type": "application/scim+json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        headersTimeout: TIMEOUT_MS,
        bodyTimeout: TIMEOUT_MS,
        maxRedirections: 0,
      } as Parameters<typeof request>[1]);
    } catch (error) {
      // undici's errors name the failure (ECONNREFUSED, certificate, timeout), never the headers.
      const reason = error instanceof Error ? `${(error as { code?: string }).code ?? error.name}: ${error.message}` : String(error);
      throw new ScimRequestError("unreachable", method, url.split("?")[0], null, reason.slice(0, 300));
    }
    let text: string;
    try {
      text = await readBody(response.body);
    } catch (error) {
      throw new ScimRequestError("unexpectedResponse", method, url.split("?")[0], response.statusCode, error instanceof Error ? error.message : String(error));
    }
    if (response.statusCode < 200 || response.statusCode >= 300) {
      throw new ScimRequestError(classify(response.statusCode), method, url.split("?")[0], response.statusCode, detailOf(text));
    }
    if (text.trim() === "") return { status: response.statusCode, body: undefined };
    try {
      const parsed = JSON.parse(text) as unknown;
      if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error("not an object");
      return { status: response.statusCode, body: parsed as Record<string, unknown> };
    } catch {
      throw new ScimRequestError("unexpectedResponse", method, url.split("?")[0], response.statusCode, "the response body is not SCIM JSON");
    }
  }
}
