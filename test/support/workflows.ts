/** Reading the example GitHub workflows in tests (.github/workflows). */
import { readFileSync } from "node:fs";
import { join } from "node:path";

const root = join(__dirname, "..", "..");

export function workflow(name: string): string {
  return readFileSync(join(root, ".github", "workflows", name), "utf8");
}

/**
 * The `run: |` script of the step with this name in a workflow's text (YAML block scalar, read by
 * indentation); `exit 99` when there is no such step, so a renamed step fails its test.
 */
export function stepScript(text: string, step: string): string {
  const lines = text.split("\n");
  const at = lines.findIndex((l) => l.trim() === `- name: ${step}`);
  const run = lines.findIndex((l, i) => i > at && l.trim() === "run: |");
  if (at < 0 || run < 0) return "exit 99";
  const indent = lines[run + 1].match(/^ */)![0].length;
  const body: string[] = [];
  for (const l of lines.slice(run + 1)) {
    if (l.trim() !== "" && l.match(/^ */)![0].length < indent) break;
    body.push(l.slice(indent));
  }
  return body.join("\n");
}
