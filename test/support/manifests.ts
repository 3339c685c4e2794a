/** Synthesizes real manifests (through ScimProvisionedApp) into a temp dir for CLI tests. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, Connectors, EntraTenantStack, ScimProvisionedApp, type AttributeMapping } from "../../constructs";

export interface TestApp {
  readonly id: string;
  readonly tenantUrl: string;
  readonly objects?: Array<"users" | "groups">;
  readonly userMappings?: AttributeMapping[];
  readonly extraTargets?: string[];
}

export function synthManifests(apps: readonly TestApp[], stackName = "test-tenant"): string {
  const outdir = mkdtempSync(join(tmpdir(), "verify-out-"));
  const app = new App({ outdir });
  const stack = new EntraTenantStack(app, stackName, { tenantId: "contoso.onmicrosoft.com" });
  for (const a of apps) {
    new ScimProvisionedApp(stack, a.id, {
      connector: Connectors.genericScim({ galleryName: `Test ${a.id}`, objects: a.objects ?? ["users", "groups"], extraTargets: a.extraTargets }),
      tenantUrl: a.tenantUrl,
      userMappings: a.userMappings,
    });
  }
  app.synth();
  return outdir;
}
