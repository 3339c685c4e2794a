/**
 * `verify --deep` against a real SCIM server (scimmy + scimmy-routers, test/support/scim-target.ts)
 * on 127.0.0.1 over TLS: a compliant target passes every test, each injected fault fails exactly
 * the tests it breaks, and every run leaves the server's store as it found it.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runDeep, type DeepResult } from "../../cli/verify/deep/run";
import { main } from "../../cli/verify";
import { ManifestError } from "../../cli/manifests";
import { DEEP_TESTS } from "../../cli/verify/deep/plan";
import { USER_DELETE } from "../../cli/verify/deep/user-tests";
import { startScimTarget, type ScimTarget, type TargetFault } from "../support/scim-target";
import { synthManifests, type TestApp } from "../support/manifests";

const TOKEN = "SENTINEL-deep-token-7e3a";
const root = join(__dirname, "..", "..");
let target: ScimTarget;
let caFile: string;

beforeAll(async () => {
  target = await startScimTarget({ token: TOKEN });
  caFile = join(mkdtempSync(join(tmpdir(), "deep-ca-")), "ca.pem");
  writeFileSync(caFile, target.certPem);
}, 30_000);

afterAll(async () => {
  await target.close();
});

beforeEach(() => {
  target.fault = "none";
  target.schemasWithout = [];
  target.idPrefix = "";
  target.users.clear();
  target.groups.clear();
  target.requests.length = 0;
});

interface DeepRun {
  readonly keepGoing?: boolean;
  readonly tenantUrl?: string;
  readonly timeoutMs?: number;
  readonly tests?: typeof DEEP_TESTS;
  readonly signal?: AbortSignal;
  /** Replaces the manifest's user mappings (as a manifest that lists declared mappings only). */
  readonly mappings?: unknown[];
  /** Edits the app's manifest entry (a tampered manifest). */
  readonly edit?: (app: Record<string, any>) => void;
}

async function deep(app: Partial<TestApp> = {}, options: DeepRun = {}): Promise<DeepResult> {
  const outDir = synthManifests([{ id: "app", tenantUrl: options.tenantUrl ?? target.baseUrl, ...app }]);
  if (options.mappings || options.edit) {
    const file = join(outDir, "stacks", "test-tenant", "provisioning.json");
    const manifest = JSON.parse(readFileSync(file, "utf8"));
    if (options.mappings) manifest.apps[0].users.mappings = options.mappings;
    options.edit?.(manifest.apps[0]);
    writeFileSync(file, JSON.stringify(manifest));
  }
  const result = await runDeep({
    outDir,
    caFile,
    timeoutMs: options.timeoutMs ?? 5000,
    keepGoing: options.keepGoing ?? true,
    tests: options.tests,
    signal: options.signal,
    env: { TF_VAR_app_secret_token: TOKEN },
  });
  expect(JSON.stringify(result)).not.toContain(TOKEN);
  return result;
}

const verdicts = (r: DeepResult) => Object.fromEntries(r.apps[0].checks.map((c) => [c.name, !c.ok ? "FAIL" : c.skipped ? "skip" : c.warning ? "warn" : "pass"]));
const failed = (r: DeepResult) => r.apps[0].checks.filter((c) => !c.ok).map((c) => c.name);
const check = (r: DeepResult, name: string) => r.apps[0].checks.find((c) => c.name === name)!;
const patches = () => target.requests.filter((r) => r.method === "PATCH").map((r) => r.body as { Operations: Array<Record<string, unknown>> });

const ALL_TESTS = [
  "user-create",
  "user-duplicate",
  "user-filter",
  "user-filter-case",
  "user-filter-missing",
  "user-patch-attributes",
  "user-patch-username",
  "user-disable",
  "user-manager-add",
  "user-manager-replace",
  "user-manager-remove",
  "users-paging",
  "group-create",
  "group-duplicate",
  "group-filter",
  "group-get",
  "group-patch-displayname",
  "group-member-add",
  "group-member-remove",
  "group-delete",
  "error-response",
  "user-delete",
];

describe("verify --deep against a compliant SCIM target", () => {
  test("every test passes, in Entra's default PATCH dialect, and the store is empty afterwards", async () => {
    const result = await deep();
    expect(result.ok).toBe(true);
    expect(result.deep).toBe(true);
    expect(verdicts(result)).toEqual({ ...Object.fromEntries(ALL_TESTS.map((t) => [t, "pass"])), cleanup: "pass" });
    expect(target.users.size).toBe(0);
    expect(target.groups.size).toBe(0);
    // What Entra sends without the aadOptscim062020 flag: capitalised ops, one per attribute, "False".
    const bodies = patches();
    expect(bodies.find((b) => b.Operations.some((o) => o.path === "active"))!.Operations).toEqual([{ op: "Replace", path: "active", value: "False" }]);
    expect(bodies.find((b) => b.Operations.length > 2)!.Operations.every((o) => o.op === "Replace" && typeof o.path === "string")).toBe(true);
    const userId = (target.requests.find((r) => r.method === "PATCH" && r.url.includes("/Groups/") && (r.body as any).Operations[0].op === "Add")!.body as any).Operations[0].value[0].value;
    expect(bodies).toContainEqual({ schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "Remove", path: "members", value: [{ value: userId }] }] });
    // Probe names are unmistakable.
    const created = target.requests.filter((r) => r.method === "POST").map((r) => (r.body as { userName?: string; displayName?: string }).userName ?? (r.body as { displayName: string }).displayName);
    expect(created.length).toBeGreaterThan(0);
    expect(created.every((n) => /^entra-provisioning-probe-[0-9a-f]{8}/.test(n))).toBe(true);
  });

  test("with aadOptscim062020 in the tenant URL it sends the SCIM-compliant dialect, and still passes", async () => {
    const result = await deep({}, { tenantUrl: `${target.baseUrl}?aadOptscim062020` });
    expect(failed(result)).toEqual([]);
    expect(target.requests.every((r) => r.url.includes("aadOptscim062020"))).toBe(true);
    const bodies = patches();
    expect(bodies.find((b) => b.Operations.some((o) => o.path === "active"))!.Operations).toEqual([{ op: "replace", path: "active", value: false }]);
    const many = bodies.find((b) => b.Operations.some((o) => o.path === undefined))!;
    expect(Object.keys(many.Operations.find((o) => o.path === undefined)!.value as object)).toEqual(expect.arrayContaining(["displayName", "name.givenName", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department"]));
    expect(bodies.some((b) => b.Operations.length === 1 && /^members\[value eq ".+"\]$/.test(String(b.Operations[0].path)) && b.Operations[0].op === "remove")).toBe(true);
    expect(target.users.size + target.groups.size).toBe(0);
  });

  test("a users-only app skips the group tests", async () => {
    const result = await deep({ objects: ["users"] });
    expect(result.ok).toBe(true);
    const groupRows = result.apps[0].checks.filter((c) => c.name.startsWith("group-"));
    expect(groupRows).toHaveLength(8);
    expect(groupRows.every((c) => c.skipped && c.ok && c.message === "skipped: the app does not provision groups")).toBe(true);
    expect(target.requests.some((r) => r.url.includes("/Groups"))).toBe(false);
  });

  test("the probe user carries the app's declared mappings: a constant into an extension attribute", async () => {
    const result = await deep({
      extraTargets: ["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:costCenter"],
      userMappings: [
        { target: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:costCenter", source: '"CC-42"' },
      ],
    });
    expect(failed(result)).toEqual([]);
    const body = target.requests.find((r) => r.method === "POST" && r.url.endsWith("/Users"))!.body as Record<string, any>;
    expect(body["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"].costCenter).toBe("CC-42");
  });

  test("Entra default targets the app's /Schemas does not list are left out; declared ones are always sent", async () => {
    target.schemasWithout = ["addresses", "title"];
    // The manifest as issue 10 writes it: only what the app declares; the rest is the template's.
    const result = await deep({}, { mappings: [{ target: "userName", source: "[userPrincipalName]", matching: 1, apply: "always" }, { target: "title", source: "[jobTitle]", apply: "always" }] });
    expect(failed(result)).toEqual([]);
    const body = target.requests.find((r) => r.method === "POST" && r.url.endsWith("/Users"))!.body as Record<string, unknown>;
    expect(body.addresses).toBeUndefined();
    expect(body.title).toBe("Provisioning Probe");
    expect(check(result, "user-create").message).toBe("created with 15 attributes, all returned as sent; left out 6 Entra default attribute(s) the app's /Schemas does not list");
  });
});

describe("verify --deep: what the app keeps on create", () => {
  test("a 201 with only the id passes: the attributes are read back with a GET", async () => {
    target.fault = "minimal-create-body";
    const result = await deep();
    expect(failed(result)).toEqual([]);
    expect(check(result, "user-create").message).toBe("created with 21 attributes, all returned as sent");
  });

  test("an attribute the app drops fails the create (and the update that writes it)", async () => {
    target.fault = "drops-title";
    const result = await deep();
    expect(failed(result)).toEqual(["user-create", "user-patch-attributes"]);
    expect(check(result, "user-create").message).toBe("created, but these attributes did not come back as sent: title; the app must store them (or remove these mappings)");
    expect(check(result, "user-patch-attributes").message).toBe("the PATCH was accepted, but these attributes did not change: title; the app must apply every operation of a PATCH");
    expect(target.users.size + target.groups.size).toBe(0);
  });
});

describe("verify --deep: one injected fault fails exactly the tests it breaks", () => {
  const cases: Array<[TargetFault, string[], string]> = [
    ["case-sensitive-filter", ["user-filter-case"], "not found when userName differs in case; Entra matches case-insensitively, so the app would get a duplicate create: compare userName case-insensitively"],
    ["no-409", ["user-duplicate", "group-duplicate"], 'a second create with the same userName was accepted (201); the app must answer 409 with scimType "uniqueness", or Entra creates duplicates'],
    [
      "patch-rejected",
      ["user-patch-attributes", "user-patch-username", "user-disable", "user-manager-add", "user-manager-replace", "user-manager-remove", "group-patch-displayname", "group-member-add"],
      'PATCH replacing 19 attributes: answered 400; expected 200 or 204; the app says "PATCH is not supported"',
    ],
    ["active-ignored", ["user-disable"], 'the PATCH was accepted, but active is not false; the app must apply the string "False" that Entra sends without the aadOptscim062020 flag, or the account stays enabled'],
    ["member-add-ignored", ["group-member-add"], "the PATCH was accepted, but the user is not a member; the app must apply an add of members"],
    ["paging-ignored", ["users-paging"], "page 1 with count=1 returned 3 resources; the app must honour startIndex and count, Entra pages through users with them"],
  ];

  test.each(cases)("%s", async (fault, broken, message) => {
    target.fault = fault;
    const result = await deep();
    expect(result.ok).toBe(false);
    expect(failed(result)).toEqual(broken);
    expect(check(result, broken[0]).message).toBe(message);
    // Cleanup left the server as it found it.
    expect(check(result, "cleanup").ok).toBe(true);
    expect(target.users.size + target.groups.size).toBe(0);
  });

  test("member-add-ignored skips member removal (nothing to remove)", async () => {
    target.fault = "member-add-ignored";
    const result = await deep();
    expect(check(result, "group-member-remove")).toMatchObject({ ok: true, skipped: true, message: "skipped: needs the probe group membership, which an earlier test did not make" });
  });

  test("a DELETE that does not delete fails both delete tests and cleanup, which lists what is left by id", async () => {
    target.fault = "delete-ignored";
    const result = await deep();
    expect(failed(result)).toEqual(["group-delete", "user-delete", "cleanup"]);
    expect(check(result, "user-delete").message).toBe(
      "DELETE answered 204, but GET still answers 200; the app must delete the user (Entra sends DELETE when it is deleted in Entra) and answer 404 afterwards",
    );
    const left = [...[...target.groups.keys()].map((id) => `Group ${id}`), ...[...target.users.keys()].map((id) => `User ${id}`)];
    expect(left).toHaveLength(4); // the group, the user, the two manager users
    const cleanup = check(result, "cleanup");
    expect(cleanup.message).toMatch(
      /^could not delete or confirm gone: (Group|User) [0-9a-f-]{36}(, (Group|User) [0-9a-f-]{36})*; delete them in the app, found by the id or the value shown \(every probe's name starts with entra-provisioning-probe-[0-9a-f]{8}\)$/,
    );
    for (const id of left) expect(cleanup.message).toContain(id);
  });
});

describe("verify --deep: guaranteed cleanup", () => {
  test("ids the app chose are printed sanitized: no escape sequences, never the token", async () => {
    target.fault = "delete-ignored";
    target.idPrefix = `\u001b[2J${TOKEN}-`;
    const outDir = synthManifests([{ id: "app", tenantUrl: target.baseUrl }]);
    const lines: string[] = [];
    process.env.TF_VAR_app_secret_token = TOKEN;
    let code: number;
    try {
      code = await main(["--out", outDir, "--ca", caFile, "--deep", "--keep-going"], {
        stdout: { write: (s: string) => lines.push(s) } as any,
        stderr: { write: (s: string) => lines.push(s) } as any,
      });
    } finally {
      delete process.env.TF_VAR_app_secret_token;
    }
    expect(code).toBe(1);
    const out = lines.join("");
    expect(out).not.toContain(TOKEN);
    expect(out).not.toContain("\u001b");
    expect(out).toMatch(/could not delete or confirm gone: Group ␛\[2J\*\*\*-[0-9a-f-]{36}, User ␛\[2J\*\*\*-[0-9a-f-]{36}/);
  });

  test("odd answers (JSON null everywhere): every test gets a verdict, and what cleanup cannot find is named", async () => {
    target.fault = "null-bodies";
    const result = await deep();
    expect(failed(result)).toEqual(["user-create", "user-filter-missing", "group-create", "error-response", "cleanup"]);
    expect(check(result, "user-create").message).toBe('POST /Users: the answer has no "id"; Entra keeps the id the app returns to address the object later');
    const [user] = [...target.users.values()];
    const [group] = [...target.groups.values()];
    expect(check(result, "cleanup").message).toBe(
      `could not delete or confirm gone: Group displayName "${group.displayName}" (no id came back from its create, and a search by displayName did not answer a usable list), ` +
        `User userName "${user.userName}" (no id came back from its create, and a search by userName did not answer a usable list); ` +
        `delete them in the app, found by the id or the value shown (every probe's name starts with ${String(group.displayName).replace(/-group$/, "")})`,
    );
  });

  test("without --keep-going the run stops at the first failure, then cleans up", async () => {
    target.fault = "case-sensitive-filter";
    const result = await deep({}, { keepGoing: false });
    expect(failed(result)).toEqual(["user-filter-case"]);
    const after = result.apps[0].checks.slice(result.apps[0].checks.findIndex((c) => c.name === "user-filter-case") + 1, -1);
    expect(after.length).toBeGreaterThan(10);
    expect(after.every((c) => c.ok && c.skipped && c.message === "not run: user-filter-case failed (--keep-going runs the rest)")).toBe(true);
    expect(check(result, "cleanup")).toMatchObject({ ok: true, message: "deleted the 1 probe object(s) left by the run" });
    expect(target.users.size + target.groups.size).toBe(0);
  });

  test("a create that answers after the deadline: the user it made is found by its matching attribute and deleted", async () => {
    target.fault = "create-slow";
    // The app holds its answer for 10 s; a 4 s deadline leaves room for a slow TLS handshake on a busy machine.
    const result = await deep({ objects: ["users"] }, { timeoutMs: 4000 });
    expect(check(result, "user-create")).toMatchObject({ ok: false, message: "no answer within 4000 ms; check that the app is up and reachable from here" });
    expect(check(result, "cleanup")).toMatchObject({ ok: true, message: "deleted the 1 probe object(s) left by the run" });
    expect(target.users.size).toBe(0);
  });

  test("an interrupt stops the sequence after the current test; cleanup still runs and the app fails", async () => {
    const interrupt = new AbortController();
    const tests = [DEEP_TESTS[0], { name: "interrupt", needs: [], run: async () => (interrupt.abort(), { message: "interrupting" }) }, ...DEEP_TESTS.slice(1)];
    const result = await deep({}, { tests, signal: interrupt.signal });
    expect(result.ok).toBe(false);
    expect(check(result, "user-duplicate").message).toBe("not run: the run was interrupted");
    expect(check(result, "interrupted")).toMatchObject({ ok: false });
    expect(check(result, "cleanup")).toMatchObject({ ok: true, message: "deleted the 1 probe object(s) left by the run" });
    expect(target.users.size).toBe(0);
  });
});

describe("verify --deep: every create is in the ledger before it is sent (issue 21)", () => {
  const probes = () => [...target.users.values(), ...target.groups.values()].filter((r) => JSON.stringify(r).includes("entra-provisioning-probe-"));

  test.each([
    ["duplicate-id-only", 'a second create with the same userName was accepted (201); the app must answer 409 with scimType "uniqueness", or Entra creates duplicates'],
    ["duplicate-no-id", 'a second create with the same userName was accepted (201); the app must answer 409 with scimType "uniqueness", or Entra creates duplicates'],
  ] as const)("a duplicate the app creates and answers %s is deleted, users and groups alike", async (fault, message) => {
    target.fault = fault;
    const result = await deep();
    expect(failed(result)).toEqual(["user-duplicate", "group-duplicate"]);
    expect(check(result, "user-duplicate").message).toBe(message);
    expect(check(result, "cleanup").ok).toBe(true);
    expect(probes()).toEqual([]);
  });

  test("a duplicate the app creates and never answers is found by its probe value and deleted", async () => {
    target.fault = "duplicate-unanswered";
    const result = await deep();
    expect(failed(result)).toEqual(["user-duplicate", "group-duplicate"]);
    expect(check(result, "cleanup")).toMatchObject({ ok: true, message: "deleted the 2 probe object(s) left by the run" });
    expect(probes()).toEqual([]);
  });

  test("without --keep-going too: the run stops at the accepted duplicate, and cleanup confirms every probe gone", async () => {
    target.fault = "duplicate-no-id";
    const result = await deep({}, { keepGoing: false });
    expect(failed(result)).toEqual(["user-duplicate"]);
    expect(check(result, "cleanup").ok).toBe(true);
    expect(probes()).toEqual([]);
  });

  test("a duplicate answered with someone else's id is not deleted by that id; the probe is found by its value", async () => {
    target.fault = "duplicate-id-only";
    target.users.set("real", { id: "real", userName: "real.person@contoso.com", schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"] });
    // The app answers the duplicate with the real person's id (an upsert gone wrong).
    const tests = DEEP_TESTS.filter((t) => t.name === "user-create" || t.name === "user-duplicate" || t.name === "user-filter");
    const answerReal = { name: "answer-real", needs: [], run: async (ctx: any) => (ctx.ledger.answered(ctx.ledger.intend("Users", { attribute: "userName", value: ctx.userProbe.matchingValue }), { status: 201, json: { id: "real" }, headers: {} }, false), { message: "ok" }) };
    const result = await deep({ objects: ["users"] }, { tests: [...tests, answerReal] as any });
    expect(check(result, "cleanup").ok).toBe(true);
    expect([...target.users.keys()]).toEqual(["real"]);
  });

  test("a create that is made but never answered, on an app whose filter answers someone else: cleanup FAILS naming the probe", async () => {
    target.fault = "lost-create-wrong-filter";
    target.users.set("real", { id: "real", userName: "real.person@contoso.com", schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"] });
    target.groups.set("staff", { id: "staff", displayName: "Staff", schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"] });
    const result = await deep();
    expect(failed(result)).toEqual(expect.arrayContaining(["user-create", "group-create", "cleanup"]));
    const [user] = probes().filter((r) => r.userName !== undefined);
    const [group] = probes().filter((r) => r.userName === undefined);
    expect(check(result, "cleanup").message).toBe(
      `could not delete or confirm gone: Group displayName "${group.displayName}" (no answer came back from its create, and a search by displayName answered other accounts, so whether it exists cannot be told), ` +
        `User userName "${user.userName}" (no answer came back from its create, and a search by userName answered other accounts, so whether it exists cannot be told); ` +
        `delete them in the app, found by the id or the value shown (every probe's name starts with ${String(group.displayName).replace(/-group$/, "")})`,
    );
    // Nobody else's account was touched.
    expect(target.users.has("real")).toBe(true);
    expect(target.groups.has("staff")).toBe(true);
  });

  test("an empty search is believed only once the app's filter was seen to find a probe", async () => {
    // A create that never reached the app (no answer), on an app whose filter is not proven.
    const lost = { name: "lost", needs: [], run: async (ctx: any) => (ctx.ledger.answered(ctx.ledger.intend("Users", { attribute: "userName", value: `${ctx.userProbe.name}-lost@example.com` }), undefined), { message: "ok" }) };
    const unproven = await deep({ objects: ["users"] }, { tests: [lost] as any });
    expect(check(unproven, "cleanup")).toMatchObject({ ok: false });
    expect(check(unproven, "cleanup").message).toMatch(/^could not delete or confirm gone: User userName "entra-provisioning-probe-[0-9a-f]{8}-lost@example\.com" \(no answer came back from its create, and a search by userName found nothing, but this run never saw the app's filter find a probe\); /);
    const tests = [...DEEP_TESTS.filter((t) => ["user-create", "user-filter"].includes(t.name)), lost, USER_DELETE];
    const proven = await deep({ objects: ["users"] }, { tests: tests as any });
    expect(check(proven, "cleanup")).toMatchObject({ ok: true, message: "nothing left to delete" });
  });

  test("a create the app refuses (4xx) leaves nothing to look for", async () => {
    const refused = { name: "refused", needs: [], run: async (ctx: any) => (ctx.ledger.answered(ctx.ledger.intend("Users", { attribute: "userName", value: "x@example.com" }), { status: 400, json: null, headers: {} }), { message: "ok" }) };
    const result = await deep({ objects: ["users"] }, { tests: [refused] as any });
    expect(check(result, "cleanup")).toMatchObject({ ok: true, message: "nothing left to delete" });
    expect(target.requests.filter((r) => r.url.includes("filter="))).toEqual([]);
  });
});

describe("verify --deep: a tampered manifest cannot aim it elsewhere", () => {
  test("tokenEnv other than TF_VAR_<token variable> is refused without a request", async () => {
    const outDir = synthManifests([{ id: "app", tenantUrl: target.baseUrl }]);
    const file = join(outDir, "stacks", "test-tenant", "provisioning.json");
    const manifest = JSON.parse(readFileSync(file, "utf8"));
    manifest.apps[0].tokenEnv = "HOME";
    writeFileSync(file, JSON.stringify(manifest));
    // The same check as plain verify (cli/verify/token.ts): a manifest error, exit 2, nothing probed.
    await expect(runDeep({ outDir, caFile, env: { HOME: TOKEN, TF_VAR_app_secret_token: TOKEN } })).rejects.toThrow(
      new ManifestError(`test-tenant/app: tokenEnv: "HOME" is not TF_VAR_ followed by the app's tokenVariable; expected "TF_VAR_app_secret_token"; run 'npm run synth' to regenerate the manifest`),
    );
    const lines: string[] = [];
    const io = { stdout: { write: (s: string) => lines.push(s) } as any, stderr: { write: (s: string) => lines.push(s) } as any };
    expect(await main(["--out", outDir, "--ca", caFile, "--deep", "--json"], io)).toBe(2);
    expect(lines).toEqual([`verify: test-tenant/app: tokenEnv: "HOME" is not TF_VAR_ followed by the app's tokenVariable; expected "TF_VAR_app_secret_token"; run 'npm run synth' to regenerate the manifest\n`]);
    expect(target.requests).toEqual([]);
  });

  test("a matching attribute that is a filter expression is refused without a request", async () => {
    const result = await deep({}, { edit: (app) => (app.users.matchingAttribute = 'userName pr or userName') });
    expect(result.apps[0].checks).toEqual([
      { name: "manifest", ok: false, ms: 0, message: "users.matchingAttribute \"userName pr or userName\" is not a SCIM attribute path; run 'npm run synth' to regenerate the manifest" },
    ]);
    expect(target.requests).toEqual([]);
  });

  test("a mapping target that is not an attribute path (here __proto__) is refused; nothing is polluted", async () => {
    const result = await deep({}, { edit: (app) => app.users.mappings.unshift({ target: "__proto__.polluted", source: null, defaultValue: "yes", apply: "always" }) });
    expect(result.apps[0].checks).toEqual([
      { name: "manifest", ok: false, ms: 0, message: "users.mappings.0.target \"__proto__.polluted\" is not a SCIM attribute path; run 'npm run synth' to regenerate the manifest" },
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(target.requests).toEqual([]);
  });

  test("cleanup's search never deletes an account the run did not create", async () => {
    target.users.set("real", { id: "real", userName: "real.person@contoso.com", schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"] });
    // A test that leaves a ledger entry without an id whose lookup finds a real account.
    const tests = [{ name: "leaves-lookup", needs: [], run: async (ctx: any) => (ctx.ledger.intend("Users", { attribute: "userName", value: "real.person@contoso.com" }), { message: "ok" }) }];
    const result = await deep({ objects: ["users"] }, { tests: tests as any });
    expect(check(result, "cleanup")).toMatchObject({ ok: true, message: "nothing left to delete" });
    expect([...target.users.keys()]).toEqual(["real"]);
  });
});

describe("verify --deep CLI", () => {
  async function cli(args: string[], extraEnv: Record<string, string> = {}) {
    const result = await new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
      execFile(join(root, "node_modules", ".bin", "tsx"), ["cli/verify.ts", ...args], { cwd: root, env: { ...process.env, ...extraEnv }, timeout: 60_000 }, (err, stdout, stderr) =>
        resolve({ status: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });
    expect(result.stdout + result.stderr).not.toContain(TOKEN);
    return result;
  }
  const env = { TF_VAR_app_secret_token: TOKEN };

  test("exit 0 and --json with verify's shape plus deep: true", async () => {
    const outDir = synthManifests([{ id: "app", tenantUrl: target.baseUrl }]);
    const r = await cli(["--out", outDir, "--ca", caFile, "--deep", "--json"], env);
    expect(r.status).toBe(0);
    const parsed = JSON.parse(r.stdout);
    expect(Object.keys(parsed)).toEqual(["ok", "deep", "apps"]);
    expect(parsed).toMatchObject({ ok: true, deep: true });
    expect(Object.keys(parsed.apps[0])).toEqual(["stack", "app", "tenantUrl", "ok", "checks"]);
    expect(parsed.apps[0].checks.map((c: { name: string }) => c.name)).toEqual([...ALL_TESTS, "cleanup"]);
    expect(target.users.size + target.groups.size).toBe(0);
  });

  test("exit 1 on a failure; the table names the test, its status and what to fix", async () => {
    target.fault = "active-ignored";
    const outDir = synthManifests([{ id: "app", tenantUrl: target.baseUrl }]);
    const r = await cli(["--out", outDir, "--ca", caFile, "--deep"], env);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(`FAIL  test-tenant/app  ${target.baseUrl}  (verify --deep)`);
    expect(r.stdout).toMatch(/\n {2}test +result +HTTP +ms +what to fix\n/);
    expect(r.stdout).toMatch(/ {2}user-disable +FAIL +20[04] +\d+ {2}the PATCH was accepted, but active is not false; /);
    expect(r.stdout).toContain("1 of 1 app(s) failed");
    expect(target.users.size + target.groups.size).toBe(0);
  });

  test("Ctrl-C stops the run, cleans up, and exits 1", async () => {
    const outDir = synthManifests([{ id: "app", tenantUrl: target.baseUrl }]);
    target.fault = "create-slow";
    const child = execFile(join(root, "node_modules", ".bin", "tsx"), ["cli/verify.ts", "--out", outDir, "--ca", caFile, "--deep", "--timeout-ms", "10000"], {
      cwd: root,
      env: { ...process.env, ...env },
      timeout: 60_000,
    });
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (d) => (stdout += d));
    child.stderr!.on("data", (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    // Interrupt while the first create is in flight (the app holds its answer for 3 s).
    while (!target.requests.some((r) => r.method === "POST")) await new Promise((r) => setTimeout(r, 50));
    child.kill("SIGINT");
    expect(await exited).toBe(1);
    expect(stderr).toContain("verify --deep: interrupted; deleting the probe objects before exiting");
    expect(stdout).toMatch(/ {2}interrupted +FAIL /);
    expect(stdout).toMatch(/ {2}cleanup +pass /);
    expect(stdout + stderr).not.toContain(TOKEN);
    expect(target.users.size + target.groups.size).toBe(0);
  });

  test("exit 64 for usage errors, 2 for manifest and selection errors, without a request", async () => {
    const r = await cli(["--keep-going"]);
    expect(r.status).toBe(64);
    expect(r.stderr).toContain("verify: --keep-going only applies to --deep");
    const missing = await cli(["--deep", "--out", join(tmpdir(), "does-not-exist")]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe(`verify: ${join(tmpdir(), "does-not-exist", "stacks")}: no synthesized stacks; run 'npm run synth' first (or pass --out DIR)\n`);
    const outDir = synthManifests([{ id: "app", tenantUrl: target.baseUrl }]);
    const noApp = await cli(["--deep", "--out", outDir, "--app", "nope"]);
    expect(noApp.status).toBe(2);
    expect(noApp.stderr).toBe('verify: --app "nope": no such app; apps by stack: test-tenant: app\n');
    expect(target.requests).toEqual([]);
  });

  test("a token variable that is not set fails the app without a request", async () => {
    const outDir = synthManifests([{ id: "app", tenantUrl: target.baseUrl }]);
    const r = await cli(["--out", outDir, "--ca", caFile, "--deep", "--json"], { TF_VAR_app_secret_token: "" });
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout).apps[0].checks).toEqual([{ name: "token", ok: false, ms: 0, message: "TF_VAR_app_secret_token is not set; export it as CI does for terraform" }]);
    expect(target.requests).toEqual([]);
  });
});
