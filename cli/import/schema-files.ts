/**
 * Offline mode's input: a job schema and a template schema from files, as Graph returns them
 * (`GET .../schema`, with or without `@odata.context`) or as the portal's schema editor downloads
 * them, or the bare `synchronizationRules` list. Anything else is one clear error naming the file.
 */
import { readFileSync, statSync } from "node:fs";
import { z } from "zod";
import { houseErrorMap } from "../../constructs/props";
import { ImportError } from "./connector";
import { firstIssue, jsonDepth, MAX_JSON_DEPTH, RuleSchema, SchemaDocumentSchema, type JobSchemaDocument } from "./graph-shapes";
import { oneLine } from "./text";

/** Schema files larger than this are refused (a real schema with its directories is a few MB at most). */
export const MAX_SCHEMA_FILE_BYTES = 32 * 1024 * 1024;

/** Validates a parsed JSON value as a schema; `what` names it in the error. */
export function parseSchemaValue(value: unknown, what: string): JobSchemaDocument {
  if (jsonDepth(value) > MAX_JSON_DEPTH) throw new ImportError(`${what}: nests deeper than ${MAX_JSON_DEPTH} levels; expected a synchronization schema`);
  if (Array.isArray(value)) {
    const rules = z.array(RuleSchema).safeParse(value, { error: houseErrorMap });
    if (!rules.success) throw new ImportError(`${what}: is not a list of synchronization rules: ${oneLine(firstIssue(rules.error))}`);
    return { rules: rules.data };
  }
  if (value === null || typeof value !== "object" || !("synchronizationRules" in value)) {
    throw new ImportError(`${what}: is not a synchronization schema; expected a JSON object with synchronizationRules (GET .../schema, or the portal's schema editor download)`);
  }
  const doc = SchemaDocumentSchema.safeParse(value, { error: houseErrorMap });
  if (!doc.success) throw new ImportError(`${what}: is not a synchronization schema: ${oneLine(firstIssue(doc.error))}`);
  return { rules: doc.data.synchronizationRules, ...(doc.data.directories ? { directories: doc.data.directories } : {}) };
}

export function readSchemaFile(file: string, option: string): JobSchemaDocument {
  const what = `${option} ${file}`;
  let text: string;
  try {
    if (statSync(file).size > MAX_SCHEMA_FILE_BYTES) throw new ImportError(`${what}: is larger than ${MAX_SCHEMA_FILE_BYTES / 1024 / 1024} MiB; expected a synchronization schema`);
    text = readFileSync(file, "utf8");
  } catch (err) {
    if (err instanceof ImportError) throw err;
    throw new ImportError(`${what}: cannot read it (${(err as NodeJS.ErrnoException).code ?? "error"})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch {
    throw new ImportError(`${what}: is not JSON; expected a synchronization schema`);
  }
  return parseSchemaValue(value, what);
}
