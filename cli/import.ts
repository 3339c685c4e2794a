/**
 * npm run import -- --tenant T --app NAME|OBJECT_ID [--stack S] [--out FILE.ts]
 * npm run import -- --tenant T --app NAME --schema JOB.json --template TEMPLATE.json   (offline)
 *
 * Turns an app configured in the portal into a ScimProvisionedApp: reads it through Graph
 * (read-only, DefaultAzureCredential) or from schema files, declares only what differs from the
 * app's template, and adopts the existing objects on the first deploy. See cli/import/*.ts.
 */
import { DefaultAzureCredential, type TokenCredential } from "@azure/identity";
import { closeSync, constants, lstatSync, mkdirSync, openSync, writeFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { buildImport, type ImportInput } from "./import/build";
import { appIdFrom, generateFile, tokenEnvAlternative, tokenEnvOf, type ImportedApp } from "./import/codegen";
import { CONNECTOR_KEYS, describeChoice, ImportError, type ConnectorKey } from "./import/connector";
import { GRAPH_ROOTS, GraphClient, GraphError } from "./import/graph-client";
import { readApp } from "./import/read-app";
import { readSchemaFile } from "./import/schema-files";
import { oneLine } from "./import/text";
import { assertDerived } from "./import/derived";
import { OFFLINE_UNREAD, unreadLine } from "./import/unread";
import { Secrets } from "./redaction";
import { type CommandSpec, commandLineOrExit, failUsage } from "./usage";

export const IMPORT_COMMAND: CommandSpec = {
  command: "npm run import --",
  summary:
    "Writes a ScimProvisionedApp for an app configured in the portal: what differs from its template,\n" +
    "and the ids that make the first deploy adopt it. Reads Graph (read-only) unless --schema is given.",
  options: [
    { name: "tenant", arg: "T", description: "the tenant (id or initial domain)", required: true },
    { name: "app", arg: "NAME|OBJECT_ID", description: "the enterprise app's display name or object id (offline: its display name)", required: true },
    { name: "stack", arg: "S", description: "id of the stack class the file declares", default: "imported" },
    { name: "out", arg: "FILE.ts", description: "where to write the code (- for stdout)", default: "stacks/<app id>.ts" },
    { name: "force", description: "overwrite --out if it exists" },
    { name: "schema", arg: "JOB_SCHEMA.json", description: "offline: the job's schema (GET .../jobs/{id}/schema or the portal's download)" },
    { name: "template", arg: "TEMPLATE_SCHEMA.json", description: "offline: the template's schema; required with --schema" },
    { name: "connector", arg: "KEY", description: `offline: ${CONNECTOR_KEYS.join(", ")}`, default: "genericScim; recognized from the gallery name through Graph" },
    { name: "tenant-url", arg: "URL", description: "the app's Tenant URL (kept in secrets, never read); needed for genericScim and SmartFile" },
    { name: "registered-domains", arg: "D1,D2", description: "iPass SmartConnect's registered domains" },
    { name: "environment", arg: "CLOUD", description: "global, usgovernmentl4, usgovernmentl5 or china", default: "global" },
    { name: "timeout-ms", arg: "N", description: "deadline of one Graph request, Retry-After waits included", default: "30000" },
  ],
  exitCodes: [
    [0, "the file was written; what could not be imported is listed on stderr"],
    [1, "the app could not be read or imported (one line on stderr)"],
  ],
};

export interface ImportIo {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
}

export interface ImportDeps {
  /** @default - DefaultAzureCredential (Azure CLI login locally, workload identity in CI) */
  readonly credential?: TokenCredential;
  /** Graph root, e.g. a local test server. @default - the --environment cloud's */
  readonly graphRoot?: string;
  /** Extra trusted CA PEM (tests). */
  readonly ca?: string;
  /** Where relative paths start. @default process.cwd() */
  readonly cwd?: string;
  /** Where secrets to keep out of stderr and the file's comments are read (cli/redaction.ts). @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

class UsageError extends Error {}

type Values = {
  tenant?: string; app?: string; stack?: string; out?: string; force?: boolean; schema?: string; template?: string;
  connector?: string; "tenant-url"?: string; "registered-domains"?: string; environment?: string; "timeout-ms"?: string;
};

export async function main(argv: string[], io: ImportIo = { stdout: process.stdout, stderr: process.stderr }, deps: ImportDeps = {}): Promise<number> {
  const parsed = commandLineOrExit("import", IMPORT_COMMAND, argv, io);
  if (typeof parsed === "number") return parsed;
  const v = parsed as Values;
  const cwd = deps.cwd ?? process.cwd();
  // Every TF_VAR_ and ARM_/AZURE_ secret, and Graph's access token once there is one: cut out of
  // whatever import prints or writes in a comment, in every form (cli/redaction.ts).
  const secrets = Secrets.fromEnvironment(deps.env ?? process.env);
  let graph: GraphClient | undefined;
  try {
    const opts = checkOptions(v);
    let input: ImportInput;
    if (v.schema !== undefined) {
      const template = readSchemaFile(resolve(cwd, v.template as string), "--template");
      const job = readSchemaFile(resolve(cwd, v.schema), "--schema");
      assertDerived(template, job, { job: `--schema ${v.schema}`, template: `--template ${v.template}` });
      input = {
        tenantId: opts.tenant,
        stackId: v.stack,
        displayName: opts.app,
        connectorKey: opts.connector ?? "genericScim",
        tenantUrl: v["tenant-url"],
        registeredDomains: opts.domains,
        template,
        job,
        notes: ["offline: assignments and adopt ids come only from Graph; none are declared"],
        unread: OFFLINE_UNREAD,
        source: `offline, ${v.schema} over ${v.template}`,
      };
    } else {
      graph = new GraphClient({
        credential: deps.credential ?? new DefaultAzureCredential(),
        graphRoot: deps.graphRoot ?? GRAPH_ROOTS[opts.environment],
        ca: deps.ca,
        timeoutMs: opts.timeoutMs,
        tenant: opts.tenant,
        secrets,
      });
      input = await readApp(graph, { tenantId: opts.tenant, app: opts.app, stackId: v.stack, tenantUrl: v["tenant-url"], registeredDomains: opts.domains, connectorKey: opts.connector });
    }
    const app = withoutSecrets(buildImport(input), secrets);
    const out = v.out ?? `stacks/${appIdFrom(app.displayName)}.ts`;
    const code = generateFile(app, out === "-" ? "../constructs" : constructsImport(resolve(cwd, out), cwd));
    if (out === "-") {
      io.stdout.write(code);
    } else {
      writeOutFile(resolve(cwd, out), out, code, v.force === true);
    }
    report(io, app, out, secrets);
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      return failUsage(io, "import", IMPORT_COMMAND, err.message);
    }
    if (err instanceof ImportError || err instanceof GraphError) {
      io.stderr.write(`import: ${oneLine(secrets.redact(err.message))}\n`);
      return 1;
    }
    throw err;
  } finally {
    await graph?.close();
  }
}

/**
 * Writes the generated file without following a symbolic link: a link committed in a pull request
 * (even one that points nowhere yet) must not make import write somewhere else. The file and its
 * directory are checked with lstat, and the open itself refuses a link (O_NOFOLLOW) and, without
 * --force, anything that already exists (O_EXCL), so the check cannot be raced.
 */
function writeOutFile(file: string, shown: string, code: string, force: boolean): void {
  const where = `--out ${oneLine(shown)}`;
  const dir = dirname(file);
  if (lstatSync(dir, { throwIfNoEntry: false })?.isSymbolicLink()) throw new ImportError(`${where}: its directory is a symbolic link; expected a real directory (links are not followed)`);
  const st = lstatSync(file, { throwIfNoEntry: false });
  if (st?.isSymbolicLink()) throw new ImportError(`${where}: is a symbolic link; expected a regular file or a new path (links are not followed)`);
  if (st !== undefined && !force) throw new ImportError(`${where} exists; pass --force to overwrite it (review the changes with git diff)`);
  if (st !== undefined && !st.isFile()) throw new ImportError(`${where}: is not a regular file; expected a .ts file`);
  mkdirSync(dir, { recursive: true });
  let fd: number;
  try {
    fd = openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_NOFOLLOW | (force ? constants.O_TRUNC : constants.O_EXCL), 0o644);
  } catch (err) {
    const errno = (err as NodeJS.ErrnoException).code;
    if (errno === "ELOOP") throw new ImportError(`${where}: is a symbolic link; expected a regular file or a new path (links are not followed)`);
    if (errno === "EEXIST") throw new ImportError(`${where} exists; pass --force to overwrite it (review the changes with git diff)`);
    throw new ImportError(`${where}: cannot write it (${errno ?? "open failed"})`);
  }
  try {
    writeFileSync(fd, code);
  } finally {
    closeSync(fd);
  }
}

function checkOptions(v: Values): { tenant: string; app: string; connector?: ConnectorKey; domains?: string[]; environment: keyof typeof GRAPH_ROOTS; timeoutMs: number } {
  if (!v.tenant) throw new UsageError("--tenant is required (the tenant id or its initial domain)");
  if (!v.app) throw new UsageError("--app is required (the enterprise app's display name or object id)");
  if ((v.schema === undefined) !== (v.template === undefined)) throw new UsageError("--schema and --template go together (offline mode reads both)");
  if (v.connector !== undefined && !(CONNECTOR_KEYS as readonly string[]).includes(v.connector)) {
    throw new UsageError(`--connector ${JSON.stringify(oneLine(v.connector).slice(0, 40))} is not a connector; expected one of ${CONNECTOR_KEYS.join(", ")}`);
  }
  const environment = (v.environment ?? "global") as keyof typeof GRAPH_ROOTS;
  if (!(environment in GRAPH_ROOTS)) throw new UsageError(`--environment must be one of ${Object.keys(GRAPH_ROOTS).join(", ")}`);
  const timeoutMs = v["timeout-ms"] === undefined ? 30_000 : Number(v["timeout-ms"]);
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1000 || timeoutMs > 600_000) throw new UsageError("--timeout-ms must be a whole number from 1000 to 600000");
  const domains = v["registered-domains"]?.split(",").map((d) => d.trim()).filter(Boolean);
  return { tenant: v.tenant, app: v.app, connector: v.connector as ConnectorKey | undefined, domains, environment, timeoutMs };
}

/** The module path of the project's constructs/ as seen from the generated file. */
function constructsImport(file: string, cwd: string): string {
  const path = relative(dirname(file), resolve(cwd, "constructs")).split("\\").join("/");
  return path.startsWith(".") ? path : `./${path}`;
}

/**
 * The app with the secrets cut out of what the file and stderr say about it: its notes, the
 * assignments' comments and the source line. Declared values are written as read (a changed value
 * would silently change the app on deploy); a secret among them is the tenant's own data.
 */
function withoutSecrets(app: ImportedApp, secrets: Secrets): ImportedApp {
  const r = (s: string) => secrets.redact(s);
  return {
    ...app,
    source: r(app.source),
    notImported: app.notImported.map(r),
    assignments: app.assignments.map((a) => (a.note === undefined ? a : { ...a, note: r(a.note) })),
  };
}

function report(io: ImportIo, app: ImportedApp, out: string, secrets: Secrets): void {
  const d = app.declarations;
  const line = (s: string) => io.stderr.write(oneLine(secrets.redact(s)) + "\n");
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? "" : "s"}`;
  line(
    `import: ${out === "-" ? "wrote the code to stdout" : `wrote ${out}`}: ${JSON.stringify(app.appId)} (${describeChoice(app.connector)}), ` +
      `${count(d.userMappings.length + d.groupMappings.length, "mapping change")}, ${count(d.userScope.length + d.groupScope.length, "scoping filter change")}, ` +
      `${count(app.assignments.length, "assignment")}, ${app.adopt ? "adopts the existing app" : "NO adopt ids (a deploy creates a new app)"}`,
  );
  for (const s of app.unread) line(`import: not read: ${unreadLine(s)}`);
  for (const note of app.notImported) line(`import: not imported: ${note}`);
  line(`import: the token is never read: set ${tokenEnvOf(app)} to the app's Secret Token before cdktf diff/deploy (${tokenEnvAlternative(app)})`);
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
