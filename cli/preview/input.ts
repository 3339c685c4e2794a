/**
 * The files preview reads besides the manifest: users and groups as Microsoft Graph returns them
 * (`GET /users`, `GET /groups?$expand=members`: `{ "value": [...] }`, or a plain array), and a
 * template job schema (`GET .../schema`, the portal's schema download, or the bare
 * `synchronizationRules` list). A bad file is one printable line naming the file and the position:
 * the line and column of a JSON syntax error, or the path of the bad entry (`value[12].id`).
 */
import { closeSync, constants, fstatSync, openSync, readFileSync } from "node:fs";
import { z } from "zod";
import type { GraphGroup, GraphUser } from "../../expressions";
import { jsonDepth, MAX_JSON_DEPTH, RuleSchema, SchemaDocumentSchema, type GraphDirectory, type GraphRule } from "../import/graph-shapes";
import { parseJson } from "../json-text";
import { printable } from "../printable";

/** A problem with an input file: preview prints it and exits 64. One printable line. */
export class InputError extends Error {
  constructor(message: string) {
    super(printable(message, 600));
    this.name = "InputError";
  }
}

/** 10,000 users with every property selected are some 30 MB; this leaves room for 100,000. */
export const MAX_INPUT_BYTES = 512 * 1024 * 1024;

function readText(file: string, what: string): string {
  let fd: number;
  try {
    // O_NONBLOCK: a FIFO in place of the file cannot block the open.
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    throw new InputError(`${file}: cannot read the ${what} (${(err as NodeJS.ErrnoException).code ?? "open failed"})`);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new InputError(`${file}: is not a regular file; expected the ${what} as JSON`);
    if (st.size > MAX_INPUT_BYTES) throw new InputError(`${file}: is ${st.size} bytes; expected at most ${MAX_INPUT_BYTES} bytes of ${what}`);
    return readFileSync(fd, "utf8").replace(/^\uFEFF/, "");
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`${file}: cannot read the ${what} (${(err as NodeJS.ErrnoException).code ?? "read failed"})`);
  } finally {
    closeSync(fd);
  }
}

function readJson(file: string, what: string): unknown {
  const json = parseJson(readText(file, what));
  if (!json.ok) throw new InputError(`${file}: ${json.error}; expected the ${what} as JSON`);
  if (jsonDepth(json.value) > MAX_JSON_DEPTH) throw new InputError(`${file}: nests deeper than ${MAX_JSON_DEPTH} levels; expected the ${what}`);
  return json.value;
}

/** A zod issue's path as written in the file: `value[12].onPremisesExtensionAttributes.extensionAttribute1`. */
function where(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : `${i === 0 ? "" : "."}${printable(String(p), 80)}`)).join("") || "(document)";
}

function issueLine(file: string, error: z.ZodError, prefix: readonly PropertyKey[]): string {
  const issue = error.issues[0];
  return `${file}: ${where([...prefix, ...issue.path])}: ${issue.message}`;
}

const text = z.string().max(64 * 1024);
const optionalText = text.nullish();
const texts = z.array(text).nullish();

/** What preview reads of a Graph user; every other property is kept as it is. */
const UserSchema = z.looseObject({
  id: z.string().min(1).max(256),
  userPrincipalName: optionalText,
  accountEnabled: z.boolean().nullish(),
  businessPhones: texts,
  otherMails: texts,
  proxyAddresses: texts,
  onPremisesExtensionAttributes: z.record(z.string(), optionalText).nullish(),
  manager: z.looseObject({ id: z.string().max(256) }).nullish(),
  deletedDateTime: optionalText,
});

const GroupSchema = z.looseObject({
  id: z.string().min(1).max(256),
  displayName: optionalText,
  members: z.array(z.looseObject({ id: z.string().min(1).max(256) })).nullish(),
});

/** The list in a Graph collection page (`{ "value": [...] }`) or a plain array, with its path prefix. */
function listOf(value: unknown, file: string, what: string): { items: unknown[]; prefix: string } {
  if (Array.isArray(value)) return { items: value, prefix: "" };
  if (value !== null && typeof value === "object" && Array.isArray((value as { value?: unknown }).value)) {
    return { items: (value as { value: unknown[] }).value, prefix: "value" };
  }
  throw new InputError(`${file}: (document): expected ${what} as Graph returns them: { "value": [...] } or a JSON array`);
}

function readObjects<T extends { id: string }>(file: string, what: string, schema: z.ZodType<T>): T[] {
  const { items, prefix } = listOf(readJson(file, what), file, what);
  const seen = new Map<string, number>();
  return items.map((item, i) => {
    const path: PropertyKey[] = prefix ? [prefix, i] : [i];
    const parsed = schema.safeParse(item);
    if (!parsed.success) throw new InputError(issueLine(file, parsed.error, path));
    const first = seen.get(parsed.data.id);
    if (first !== undefined) {
      throw new InputError(`${file}: ${where([...path, "id"])}: is the id of ${where(prefix ? [prefix, first] : [first])} too; expected each object once`);
    }
    seen.set(parsed.data.id, i);
    return parsed.data;
  });
}

/** Users as `GET /users` returns them (with $select and $expand=manager for the properties the mappings read). */
export function readUsers(file: string): GraphUser[] {
  return readObjects(file, "users", UserSchema) as GraphUser[];
}

/** Groups as `GET /groups?$expand=members` returns them. */
export function readGroups(file: string): GraphGroup[] {
  return readObjects(file, "groups", GroupSchema) as GraphGroup[];
}

/** A template job schema: its rules, and its directories when the file has them. */
export interface TemplateSchema {
  readonly rules: readonly GraphRule[];
  readonly directories: readonly GraphDirectory[];
}

export function readTemplate(file: string): TemplateSchema {
  const value = readJson(file, "template schema");
  if (Array.isArray(value)) {
    const rules = z.array(RuleSchema).safeParse(value);
    if (!rules.success) throw new InputError(issueLine(file, rules.error, []));
    return { rules: rules.data, directories: [] };
  }
  if (value === null || typeof value !== "object" || !("synchronizationRules" in value)) {
    throw new InputError(`${file}: (document): expected a synchronization schema: an object with synchronizationRules (GET .../schema) or the rules list`);
  }
  const doc = SchemaDocumentSchema.safeParse(value);
  if (!doc.success) throw new InputError(issueLine(file, doc.error, []));
  return { rules: doc.data.synchronizationRules, directories: doc.data.directories ?? [] };
}
