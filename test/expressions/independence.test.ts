/**
 * expressions/ is shared with the local Entra sandbox, which must not depend on our constructs:
 * it may import nothing from constructs/, cli/, manifest/ or cdktf, only its own files and Node.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const root = join(__dirname, "..", "..", "expressions");

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith(".ts") ? [path] : [];
  });
}

test.each(files(root).map((f) => [relative(root, f), f]))("%s imports only expressions/ and node:", (_, file) => {
  const imports = [...readFileSync(file, "utf8").matchAll(/(?:import|export)[^;]*?from\s+"([^"]+)"|require\("([^"]+)"\)/g)].map((m) => m[1] ?? m[2]);
  for (const spec of imports) {
    if (spec.startsWith("node:")) continue;
    expect([spec, spec.startsWith(".") && !relative(root, join(file, "..", spec)).startsWith("..")]).toEqual([spec, true]);
  }
});
