/**
 * The sandbox is Entra as Microsoft documents it, not a mirror of our constructs: nothing in
 * sandbox/ imports constructs/, cli/, manifest/, stacks/ or cdktf. It may share the expression
 * language (expressions/), and it uses npm packages and Node. (`npm run sandbox` with no command
 * starts cli/sandbox-quickstart.ts as its own process; that is the project's side, not the sandbox.)
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";

const repo = join(__dirname, "..", "..");
const root = join(repo, "sandbox");

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith(".ts") ? [path] : [];
  });
}

const FORBIDDEN_PACKAGES = ["cdktf", "constructs", "@cdktf/provider-azuread"];

test.each(files(root).map((f) => [relative(repo, f), f]))("%s imports only sandbox/, expressions/, node: and npm packages", (_, file) => {
  const imports = [...readFileSync(file, "utf8").matchAll(/(?:import|export)[^;]*?from\s+"([^"]+)"|require\("([^"]+)"\)|import\("([^"]+)"\)/g)].map((m) => m[1] ?? m[2] ?? m[3]);
  for (const spec of imports) {
    if (spec.startsWith(".")) {
      const target = relative(repo, resolve(file, "..", spec));
      expect([spec, target.startsWith("sandbox/") || target.startsWith("expressions/") || target === "expressions"]).toEqual([spec, true]);
    } else {
      expect([spec, FORBIDDEN_PACKAGES.some((p) => spec === p || spec.startsWith(`${p}/`))]).toEqual([spec, false]);
    }
  }
});
