/**
 * The Graph path of npm run import against a local HTTPS server on 127.0.0.1 that serves the
 * documented responses (Microsoft Graph v1.0: servicePrincipal, application, applicationTemplate,
 * appRoleAssignment collection, synchronizationJob collection, synchronizationSchema; graph-sync.md
 * sections 1 and 6): paging with @odata.nextLink, 429 with Retry-After, 401/403 naming the
 * permission. The credential is injected (a fake TokenCredential with a sentinel token); no test
 * reaches the network, and the token never appears in any output.
 */
import type { AccessToken, TokenCredential } from "@azure/identity";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { z } from "zod";
import { main } from "../../cli/import";
import { GraphClient, GraphError, MAX_ITEMS } from "../../cli/import/graph-client";
import { throwawayCertificate } from "../support/scim-server";
import { jobFixture, schemaFixture } from "./support";

const TOKEN = "SENTINEL-GRAPH-TOKEN-7f3a9c";
const SP = "22222222-2222-4222-8222-222222222222";
const APP_ID = "55555555-5555-4555-8555-555555555555";
const APP_OBJECT = "11111111-1111-4111-8111-111111111111";
const TEMPLATE = "66666666-6666-4666-8666-666666666666";
const JOB = "iProva.0a1b2c3d4e5f60718293a4b5c6d7e8f9.8442fd39-2183-419c-8732-74b6ce866bd5";
const ROLE_USER = "77777777-7777-4777-8777-777777777777";
const ALICE = "33333333-3333-4333-8333-333333333333";
const STAFF = "44444444-4444-4444-8444-444444444444";

class FakeCredential implements TokenCredential {
  public scopes: string[] = [];
  async getToken(scopes: string | string[]): Promise<AccessToken> {
    this.scopes.push(...(Array.isArray(scopes) ? scopes : [scopes]));
    return { token: TOKEN, expiresOnTimestamp: Date.now() + 3600_000 };
  }
}

type Handler = (path: string) => { status: number; body?: unknown; headers?: Record<string, string> } | undefined;

interface GraphServer {
  readonly root: string;
  readonly ca: string;
  readonly requests: string[];
  /** Answers before the documented ones (faults a test injects); return undefined to pass. */
  override?: Handler;
  close(): Promise<void>;
}

function documented(root: string): Handler {
  const page2 = `${root}/v1.0/servicePrincipals/${SP}/appRoleAssignedTo?$skiptoken=page2`;
  const jobSchema = { "@odata.context": `${root}/v1.0/$metadata#schema`, id: "iProva", version: "Date:2026-11-01", synchronizationRules: jobFixture("every-operator"), directories: [] };
  const templateSchema = { id: "iProva", version: "Date:2026-01-01", synchronizationRules: schemaFixture("users-first"), directories: [] };
  return (path) => {
    const routes: Record<string, unknown> = {
      ["/v1.0/servicePrincipals?$filter=displayName eq 'iProva (portal)'"]: {
        value: [
          {
            id: SP,
            appId: APP_ID,
            displayName: "iProva (portal)",
            applicationTemplateId: TEMPLATE,
            appRoles: [{ id: ROLE_USER, displayName: "User", value: "", isEnabled: true }],
          },
        ],
      },
      [`/v1.0/applications?$filter=appId eq '${APP_ID}'`]: { value: [{ id: APP_OBJECT, appId: APP_ID, displayName: "iProva (portal)" }] },
      [`/v1.0/applicationTemplates/${TEMPLATE}`]: { id: TEMPLATE, displayName: "iProva" },
      [`/v1.0/servicePrincipals/${SP}/synchronization/jobs`]: { value: [{ id: JOB, templateId: "iProva", schedule: { state: "Active", interval: "PT40M" } }] },
      [`/v1.0/servicePrincipals/${SP}/synchronization/jobs/${JOB}/schema`]: jobSchema,
      [`/v1.0/servicePrincipals/${SP}/synchronization/templates/iProva/schema`]: templateSchema,
      [`/v1.0/servicePrincipals/${SP}/appRoleAssignedTo`]: {
        value: [
          { id: "aaBBcDDeFG6h5JKLMN2PQr1", appRoleId: ROLE_USER, principalId: ALICE, principalType: "User", principalDisplayName: "Alice */ \u001b[31mRed" },
          { id: "aaBBcDDeFG6h5JKLMN2PQr2", appRoleId: "00000000-0000-0000-0000-000000000000", principalId: STAFF, principalType: "Group", principalDisplayName: "Everyone" },
        ],
        "@odata.nextLink": page2,
      },
      [`/v1.0/servicePrincipals/${SP}/appRoleAssignedTo?$skiptoken=page2`]: {
        value: [
          { id: "aaBBcDDeFG6h5JKLMN2PQr3", appRoleId: ROLE_USER, principalId: STAFF, principalType: "Group", principalDisplayName: "Staff" },
          { id: "aaBBcDDeFG6h5JKLMN2PQr4", appRoleId: ROLE_USER, principalId: "88888888-8888-4888-8888-888888888888", principalType: "ServicePrincipal", principalDisplayName: "A robot" },
        ],
      },
    };
    return path in routes ? { status: 200, body: routes[path] } : { status: 404, body: { error: { code: "Request_ResourceNotFound", message: "Resource does not exist." } } };
  };
}

async function startGraph(): Promise<GraphServer> {
  const tls = await throwawayCertificate();
  const requests: string[] = [];
  let server: Server;
  const state: GraphServer = {
    root: "",
    ca: tls.cert,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  server = createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
    // Routes are matched on the decoded path (the client percent-encodes the $filter).
    const path = decodeURIComponent(req.url ?? "");
    requests.push(path);
    const send = (status: number, body?: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(body === undefined ? "" : JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return send(401, { error: { code: "InvalidAuthenticationToken", message: "Access token is empty." } });
    const answer = state.override?.(path) ?? documented(state.root)(path);
    send(answer!.status, answer!.body, answer!.headers);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  (state as { root: string }).root = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}

async function runImport(graph: GraphServer, extra: string[] = []) {
  let stdout = "";
  let stderr = "";
  const credential = new FakeCredential();
  const code = await main(
    ["--tenant", "contoso.onmicrosoft.com", "--app", "iProva (portal)", "--out", "-", ...extra],
    { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } },
    { credential, graphRoot: graph.root, ca: graph.ca },
  );
  return { code, stdout, stderr, credential };
}

describe("npm run import through Graph (local HTTPS server)", () => {
  let graph: GraphServer;
  beforeAll(async () => {
    graph = await startGraph();
  });
  afterAll(async () => graph.close());
  beforeEach(() => {
    graph.override = undefined;
    graph.requests.length = 0;
  });

  test("reads the app and writes a recognized connector, assignments by role, provisioning state, declarations and adopt ids", async () => {
    let served429 = false;
    graph.override = (path) => {
      if (path.endsWith("/synchronization/jobs") && !served429) {
        served429 = true;
        return { status: 429, headers: { "retry-after": "1" }, body: { error: { code: "TooManyRequests", message: "Slow down" } } };
      }
      return undefined;
    };
    const r = await runImport(graph);
    expect(r.code).toBe(0);
    expect(r.credential.scopes).toEqual([`${graph.root}/.default`]);
    // Throttled once, then retried after Retry-After; the second page was followed.
    expect(graph.requests.filter((p) => p.endsWith("/synchronization/jobs"))).toHaveLength(2);
    expect(graph.requests).toContain(`/v1.0/servicePrincipals/${SP}/appRoleAssignedTo?$skiptoken=page2`);
    expect(r.stdout).toContain("connector: Connectors.iprova(),");
    expect(r.stdout).toContain('provisioning: "on",');
    expect(r.stdout).toContain(`      // User Alice */ ␛[31mRed\n      { user: "${ALICE}", role: "User" },`);
    expect(r.stdout).toContain(`      // Group Staff\n      { group: "${STAFF}", role: "User" },`);
    expect(r.stdout).toContain('{ name: "Template filter", remove: true },');
    expect(r.stdout).toContain(
      [
        "    adopt: {",
        `      applicationTemplateId: "${TEMPLATE}",`,
        `      applicationObjectId: "${APP_OBJECT}",`,
        `      servicePrincipalObjectId: "${SP}",`,
        `      synchronizationJobId: "${JOB}",`,
        '      synchronizationTemplateId: "iProva",',
        "      roleAssignments: {",
        `        "user-${ALICE}-User": "aaBBcDDeFG6h5JKLMN2PQr1",`,
        `        "group-${STAFF}-User": "aaBBcDDeFG6h5JKLMN2PQr3",`,
        "      },",
        "    },",
      ].join("\n"),
    );
    const notImported = r.stderr.split("\n").filter((l) => l.startsWith("import: not imported: "));
    expect(notImported).toEqual([
      `import: not imported: assignment of Group "Everyone" (${STAFF}) has the Default Access role, which Entra skips when provisioning and the constructs refuse; it stays assigned, outside the code`,
      'import: not imported: assignment of ServicePrincipal "A robot" (88888888-8888-4888-8888-888888888888): only users and groups can be declared; it stays assigned, outside the code',
    ]);
    // The job's secrets are never read: each of their settings is named, and declared in the
    // file as the deploy will write it (the provisioning state was read: it is not among them).
    expect(r.stderr.split("\n").filter((l) => l.startsWith("import: not read: "))).toEqual([
      "import: not read: scope (portal: Provisioning > Settings > Scope): a deploy writes sync only assigned users and groups unless you set scope to the portal's value",
      "import: not read: notifications (portal: Provisioning > Settings > Notification Email): a deploy writes no notification email unless you set notifications to the portal's value",
      "import: not read: accidentalDeletions (portal: Provisioning > Settings > Prevent accidental deletion, Accidental deletion threshold): a deploy writes prevention on, threshold 500 unless you set accidentalDeletions to the portal's value",
    ]);
    expect(r.stdout).toContain('    // NOT READ (Provisioning > Settings > Scope): a deploy writes sync only assigned users and groups; set the portal\'s value.\n    scope: "assignedOnly",\n');
    expect(r.stdout).toContain('    // notifications: { email: "idm-team@contoso.com", sendOnFailure: true },\n');
    expect(r.stdout).toContain("    accidentalDeletions: { threshold: 500 },\n");
    expect(r.stderr).toContain("import: the token is never read: set TF_VAR_iprova_portal_secret_token to the app's Secret Token before cdktf diff/deploy");
    expect(r.stdout + r.stderr).not.toContain(TOKEN);
    expect(r.stdout + r.stderr).not.toMatch(/\u001b/);
    // Read-only: only GETs, never the secrets.
    expect(graph.requests.some((p) => p.includes("/secrets"))).toBe(false);
  });

  test.each([
    [403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.", "; the signed-in identity lacks Synchronization.Read.All (read-only), which the import needs for this call; grant it or sign in as someone who has it"],
    [401, "InvalidAuthenticationToken", "Lifetime validation failed, the token is expired.", "; the sign-in was not accepted: sign in again (az login --tenant contoso.onmicrosoft.com); the import needs Synchronization.Read.All (read-only)"],
  ])("%i on the jobs is one line naming the permission, exit 1", async (status, code, message, tail) => {
    graph.override = (path) => (path.endsWith("/synchronization/jobs") ? { status, body: { error: { code, message } } } : undefined);
    const r = await runImport(graph);
    expect(r).toMatchObject({ code: 1, stdout: "" });
    expect(r.stderr).toBe(`import: the provisioning jobs: Graph answered ${status} ${code}: ${message} (GET /v1.0/servicePrincipals/${SP}/synchronization/jobs)${tail}\n`);
    expect(r.stderr).not.toContain(TOKEN);
  });

  test("403 on the service principal names Application.Read.All", async () => {
    graph.override = (path) => (path.startsWith("/v1.0/servicePrincipals?") ? { status: 403, body: { error: { code: "Authorization_RequestDenied", message: "Insufficient privileges" } } } : undefined);
    const r = await runImport(graph);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("the signed-in identity lacks Application.Read.All (read-only)");
  });

  test("cdktf token text in Graph data (a role name, a display name) is refused, never written as code", async () => {
    graph.override = (path) => {
      const answer = documented(graph.root)(path)!;
      if (!path.startsWith("/v1.0/servicePrincipals?")) return answer;
      const body = JSON.parse(JSON.stringify(answer.body));
      body.value[0].displayName = "iProva ${TfToken[TOKEN.3]}";
      body.value[0].appRoles[0].displayName = "#{TfToken[TOKEN.1]}";
      return { status: 200, body };
    };
    const r = await runImport(graph);
    expect(r).toMatchObject({ code: 1, stdout: "" });
    expect(r.stderr).toBe(
      "import: Graph data holds cdktf token text (${TfToken[...]}), which cdktf would turn into a Terraform reference: displayName, assignments[0].role, assignments[1].role; change the value in the portal (or its schema) and import again\n",
    );
  });

  test("an app name that matches nothing is one line", async () => {
    graph.override = (path) => (path.startsWith("/v1.0/servicePrincipals?") ? { status: 200, body: { value: [] } } : undefined);
    expect((await runImport(graph)).stderr).toBe('import: no enterprise app is named "iProva (portal)"; expected its display name exactly, or its object id\n');
  });

  test("a response that is not what Graph documents is one line naming the field", async () => {
    graph.override = (path) => (path.endsWith("/synchronization/jobs") ? { status: 200, body: { value: [{ id: "x/../../secrets", templateId: "scim" }] } } : undefined);
    const r = await runImport(graph);
    expect(r.stderr).toBe(
      "import: the provisioning jobs: Graph's answer is not what Graph documents: value[0].id: is not a synchronization job id; expected letters, digits and dots\n",
    );
  });

  test("a nextLink to another host is not followed (the token would travel there)", async () => {
    graph.override = (path) =>
      path.endsWith("/appRoleAssignedTo") ? { status: 200, body: { value: [], "@odata.nextLink": "https://evil.example.com/v1.0/steal" } } : undefined;
    const r = await runImport(graph);
    expect(r.stderr).toBe(
      "import: the app's role assignments: Graph's @odata.nextLink points to https://evil.example.com, not " + graph.root + "/v1.0; the token is not sent there\n",
    );
  });

  test("a collection that adds up to more than MAX_ITEMS stops with one line, however small its pages", async () => {
    const page = Array.from({ length: 5000 }, () => ({}));
    let served = 0;
    graph.override = (path) => {
      if (!path.includes("/many")) return undefined;
      served++;
      return { status: 200, body: { value: page, "@odata.nextLink": `${graph.root}/v1.0/many?page=${served}` } };
    };
    const client = new GraphClient({ credential: new FakeCredential(), graphRoot: graph.root, ca: graph.ca, timeoutMs: 5000 });
    await expect(client.list("/many", z.object({}), "the many things")).rejects.toThrow(new GraphError(`the many things: more than ${MAX_ITEMS} items; stopped (assign groups rather than users one by one)`));
    expect(served).toBe(MAX_ITEMS / 5000 + 1);
  });

  test("a Retry-After longer than the deadline fails at once with what to do", async () => {
    // A 20 s deadline and a 120 s Retry-After: "at once" is measured against the deadline, with
    // room for a slow first request on a busy machine.
    const client = new GraphClient({ credential: new FakeCredential(), graphRoot: graph.root, ca: graph.ca, timeoutMs: 20_000 });
    graph.override = () => ({ status: 429, headers: { "retry-after": "120" }, body: {} });
    const started = Date.now();
    await expect(client.get("/applicationTemplates/x", z.object({}), "the application template")).rejects.toThrow(
      new GraphError("the application template: Graph is throttling (429) and Retry-After 120 s does not fit in the 20000 ms deadline (GET /v1.0/applicationTemplates/x); try again later"),
    );
    expect(Date.now() - started).toBeLessThan(20_000);
    await client.close();
  });

  test("a credential that cannot sign in is one line with the login hint, and no request is sent", async () => {
    const failing: TokenCredential = { getToken: async () => Promise.reject(new Error("Please run 'az login' to setup account.\nmore lines")) };
    const client = new GraphClient({ credential: failing, graphRoot: graph.root, ca: graph.ca, tenant: "contoso.onmicrosoft.com" });
    await expect(client.get("/x", z.object({}), "x")).rejects.toThrow("could not sign in to Graph (Please run 'az login' to setup account.); sign in first, e.g. az login --tenant contoso.onmicrosoft.com");
    expect(graph.requests).toEqual([]);
    await client.close();
  });
});
