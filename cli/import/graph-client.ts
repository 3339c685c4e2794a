/**
 * The import's only way to Microsoft Graph: GET, read-only, v1.0. Same transport rules as verify's
 * (cli/verify/http.ts): https only, through HTTPS_PROXY when set (NO_PROXY honoured: a corporate
 * proxy, or the local Entra sandbox's), no redirects followed (a token must not travel to another URL),
 * a deadline per request that includes Retry-After waits, bounded bodies; plus Graph's paging
 * (`@odata.nextLink`, followed only on the Graph root it came from). Every response is validated
 * with zod. Errors are one line naming the call and, for 401/403, the permission the import needs.
 * The token is only ever put in the Authorization header: no message, log or error carries it.
 */
import type { TokenCredential } from "@azure/identity";
import { rootCertificates } from "node:tls";
import { EnvHttpProxyAgent, errors as undiciErrors, request } from "undici";
import type { z } from "zod";
import { houseErrorMap } from "../../constructs/props";
import { retryAfterMs } from "../verify/http";
import { firstIssue, jsonDepth, MAX_JSON_DEPTH, pageOf } from "./graph-shapes";
import type { Secrets } from "../redaction";
import { oneLine } from "./text";
import { readBoundedText } from "../bounded-body";

/** A job schema with its directories can be a few MB; anything far larger is not a Graph answer we want. */
export const MAX_GRAPH_BODY_BYTES = 32 * 1024 * 1024;
/** Pages of one collection followed at most (an app has few assignments and jobs; this bounds a loop). */
export const MAX_PAGES = 1000;
/**
 * Items of one collection kept at most: pages are bounded one by one, and this bounds what they
 * add up to. An app with more role assignments than this is assigned by group, not by user.
 */
export const MAX_ITEMS = 20_000;
const MAX_ATTEMPTS = 5;

/** Graph roots of the clouds Entra provisioning runs in (graph-sync.md section 8). */
export const GRAPH_ROOTS = {
  global: "https://graph.microsoft.com",
  usgovernmentl4: "https://graph.microsoft.us",
  usgovernmentl5: "https://dod-graph.microsoft.us",
  china: "https://microsoftgraph.chinacloudapi.cn",
} as const;

export class GraphError extends Error {
  constructor(
    message: string,
    public readonly status?: number,
  ) {
    super(message);
    this.name = "GraphError";
  }
}

export interface GraphClientOptions {
  /** DefaultAzureCredential in the CLI; a fake in tests. */
  readonly credential: TokenCredential;
  /** @default "https://graph.microsoft.com" */
  readonly graphRoot?: string;
  /** Deadline of one request, Retry-After waits included. @default 30000 */
  readonly timeoutMs?: number;
  /** PEM of an extra trusted CA (tests' local server). @default - the system's roots only */
  readonly ca?: string;
  /** For the sign-in hint in messages (`az login --tenant T`). */
  readonly tenant?: string;
  /** The command's secrets: the access token is added as soon as there is one (cli/redaction.ts). */
  readonly secrets?: Secrets;
}

/**
 * The read permission a call needs (microsoft-graph-docs-contrib, api-reference/v1.0/includes/permissions/):
 * synchronization reads Synchronization.Read.All (synchronization-synchronizationschema-get; delegated
 * least privilege); service principal and application reads Application.Read.All (serviceprincipal-get);
 * app role assignments (appRoleAssignedTo) the same, UNCONFIRMED (its table was not read);
 * application templates none (applicationtemplate-get lists no permission).
 */
export function permissionFor(path: string): string | undefined {
  if (/^\/v1\.0\/applicationTemplates\//.test(path)) return undefined;
  return /\/synchronization\//.test(path) ? "Synchronization.Read.All" : "Application.Read.All";
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class GraphClient {
  private readonly root: URL;
  private readonly agent: EnvHttpProxyAgent;
  private readonly timeoutMs: number;
  private token?: Promise<string>;

  constructor(private readonly options: GraphClientOptions) {
    this.root = new URL(options.graphRoot ?? GRAPH_ROOTS.global);
    if (this.root.protocol !== "https:") throw new GraphError(`${this.root.origin} is not https; Graph is only called over https`);
    this.timeoutMs = options.timeoutMs ?? 30_000;
    // HTTPS_PROXY / NO_PROXY are honoured (a corporate proxy, or the local Entra sandbox); the
    // TLS options apply to Graph itself whether it is reached directly or through a tunnel.
    const tls = { ...(options.ca ? { ca: [...rootCertificates, options.ca] } : {}), rejectUnauthorized: true, timeout: this.timeoutMs };
    this.agent = new EnvHttpProxyAgent({ connect: tls, requestTls: tls, headersTimeout: this.timeoutMs, bodyTimeout: this.timeoutMs });
  }

  async close(): Promise<void> {
    await this.agent.close();
  }

  /** GET one object, e.g. `/servicePrincipals/{id}`; `what` names it in messages. */
  async get<T>(path: string, schema: z.ZodType<T>, what: string): Promise<T> {
    return this.validate(await this.fetchJson(this.url(path), what), schema, what);
  }

  /** GET a whole collection, following `@odata.nextLink`. */
  async list<T>(path: string, item: z.ZodType<T>, what: string): Promise<T[]> {
    const page = pageOf(item);
    const items: T[] = [];
    let next: URL | undefined = this.url(path);
    for (let n = 0; next !== undefined; n++) {
      if (n >= MAX_PAGES) throw new GraphError(`${what}: more than ${MAX_PAGES} pages; stopped`);
      const body = this.validate(await this.fetchJson(next, what), page, what) as { value: T[]; "@odata.nextLink"?: string | null };
      if (items.length + body.value.length > MAX_ITEMS) throw new GraphError(`${what}: more than ${MAX_ITEMS} items; stopped (assign groups rather than users one by one)`);
      items.push(...body.value);
      next = body["@odata.nextLink"] ? this.nextLink(body["@odata.nextLink"], what) : undefined;
    }
    return items;
  }

  private url(path: string): URL {
    return new URL(`/v1.0${path}`, this.root);
  }

  /** A next page on the same Graph root and version; anything else would send the token elsewhere. */
  private nextLink(link: string, what: string): URL {
    let url: URL;
    try {
      url = new URL(link);
    } catch {
      throw new GraphError(`${what}: Graph's @odata.nextLink is not a URL; stopped`);
    }
    if (url.origin !== this.root.origin || !url.pathname.startsWith("/v1.0/")) {
      throw new GraphError(`${what}: Graph's @odata.nextLink points to ${oneLine(url.origin)}, not ${this.root.origin}/v1.0; the token is not sent there`);
    }
    return url;
  }

  private validate<T>(body: unknown, schema: z.ZodType<T>, what: string): T {
    if (jsonDepth(body) > MAX_JSON_DEPTH) throw new GraphError(`${what}: Graph's answer nests deeper than ${MAX_JSON_DEPTH} levels; not what Graph documents`);
    const parsed = schema.safeParse(body, { error: houseErrorMap });
    if (!parsed.success) throw new GraphError(`${what}: Graph's answer is not what Graph documents: ${oneLine(firstIssue(parsed.error))}`);
    return parsed.data;
  }

  private accessToken(): Promise<string> {
    this.token ??= (async () => {
      const scope = `${this.root.origin}/.default`;
      let token;
      try {
        token = await this.options.credential.getToken(scope);
      } catch (err) {
        const reason = oneLine(String((err as Error).message ?? err).split("\n")[0]).slice(0, 300);
        throw new GraphError(`could not sign in to Graph (${reason}); sign in first, e.g. az login${this.options.tenant ? ` --tenant ${oneLine(this.options.tenant)}` : ""}`);
      }
      if (!token?.token) throw new GraphError("could not sign in to Graph (no token); sign in first, e.g. az login");
      this.options.secrets?.add(token.token);
      return token.token;
    })();
    return this.token;
  }

  private async fetchJson(url: URL, what: string): Promise<unknown> {
    const token = await this.accessToken();
    const call = `GET ${url.pathname}`;
    const deadline = Date.now() + this.timeoutMs;
    for (let attempt = 1; ; attempt++) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new GraphError(`${what}: no answer from Graph within ${this.timeoutMs} ms (${call})`);
      let status: number;
      let text: string;
      let retryAfter: number | undefined;
      try {
        const response = await request(url, {
          method: "GET",
          dispatcher: this.agent,
          headers: { authorization: `Bearer ${token}`, accept: "application/json" },
          signal: AbortSignal.timeout(remaining),
        });
        status = response.statusCode;
        retryAfter = retryAfterMs(response.headers["retry-after"]);
        if (status >= 300 && status < 400) {
          await response.body.dump();
          throw new GraphError(`${what}: Graph redirected (${status}) ${call}; redirects are not followed (the token must not travel)`, status);
        }
        text = await readBoundedText(response.body, MAX_GRAPH_BODY_BYTES, () => new GraphError(`${what}: Graph's answer is larger than ${MAX_GRAPH_BODY_BYTES / 1024 / 1024} MiB; stopped`));
      } catch (err) {
        if (err instanceof GraphError) throw err;
        throw new GraphError(`${what}: ${describeNetworkError(err, url, this.timeoutMs)} (${call})`);
      }
      if ((status === 429 || status === 503 || status === 504) && attempt < MAX_ATTEMPTS) {
        // Graph throttling: wait as told; without Retry-After back off 1, 2, 4 s.
        const wait = retryAfter ?? 1000 * 2 ** (attempt - 1);
        if (Date.now() + wait < deadline) {
          await sleep(wait);
          continue;
        }
        throw new GraphError(`${what}: Graph is throttling (${status}) and Retry-After ${Math.ceil(wait / 1000)} s does not fit in the ${this.timeoutMs} ms deadline (${call}); try again later`, status);
      }
      let json: unknown;
      try {
        json = text === "" ? undefined : JSON.parse(text);
      } catch {
        json = undefined;
      }
      if (status >= 200 && status < 300) {
        if (json === undefined) throw new GraphError(`${what}: Graph answered ${status} without JSON (${call})`, status);
        return json;
      }
      throw new GraphError(this.statusMessage(status, json, what, call, url.pathname), status);
    }
  }

  private statusMessage(status: number, json: unknown, what: string, call: string, path: string): string {
    const error = (json as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
    const code = typeof error?.code === "string" ? oneLine(error.code).slice(0, 80) : undefined;
    const said = typeof error?.message === "string" ? `: ${oneLine(error.message).slice(0, 200)}` : "";
    const head = `${what}: Graph answered ${status}${code ? ` ${code}` : ""}${said} (${call})`;
    const permission = permissionFor(path);
    const login = this.options.tenant ? ` (az login --tenant ${oneLine(this.options.tenant)})` : "";
    if (status === 401) return `${head}; the sign-in was not accepted: sign in again${login}${permission ? `; the import needs ${permission} (read-only)` : ""}`;
    if (status === 403) {
      return permission
        ? `${head}; the signed-in identity lacks ${permission} (read-only), which the import needs for this call; grant it or sign in as someone who has it`
        : `${head}; Graph documents no permission for this call; check the signed-in account${login}`;
    }
    return head;
  }
}

function describeNetworkError(err: unknown, url: URL, timeoutMs: number): string {
  const e = err as { code?: string; name?: string; cause?: { code?: string } };
  const code = e.code ?? e.cause?.code ?? "";
  if (
    err instanceof undiciErrors.HeadersTimeoutError ||
    err instanceof undiciErrors.BodyTimeoutError ||
    err instanceof undiciErrors.ConnectTimeoutError ||
    e.name === "TimeoutError" ||
    e.name === "AbortError"
  ) {
    return `no answer from Graph within ${timeoutMs} ms`;
  }
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return `${url.hostname} does not resolve (is this machine online?)`;
  if (code === "ECONNREFUSED") return `connection to ${url.host} refused`;
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code)) return `TLS: the certificate of ${url.host} is not trusted (${code})`;
  return `request to ${url.host} failed (${code || e.name || "unknown error"})`;
}
