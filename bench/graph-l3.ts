/**
 * The Graph-cost bench's stack through ScimProvisionedApp: the apps of graph-workload.ts (gallery
 * connectors and a generic SCIM app in rotation), synthesized to `<outdir>/stacks/bench-graph`.
 * Usage: tsx bench/graph-l3.ts <N> <outdir>
 */
import { App, Connectors, EntraTenantStack, ScimProvisionedApp, type Connector } from "../constructs";
import { DELETE_THRESHOLD, GENERIC_MAPPINGS, GRAPH_BENCH_STACK, GRAPH_BENCH_TENANT_ID, graphBenchApps, NOTIFICATION_EMAIL, REGISTERED_DOMAINS, type GraphBenchApp } from "./graph-workload";

function connectorOf(app: GraphBenchApp): Connector {
  switch (app.kind) {
    case "ipass":
      return Connectors.ipassSmartConnect({ registeredDomains: REGISTERED_DOMAINS });
    case "iprova":
      return Connectors.iprova();
    case "airstack":
      return Connectors.airstack();
    case "smartfile":
      return Connectors.smartFile({ siteName: app.siteName as string });
    case "generic":
      return Connectors.genericScim({ objects: ["users", "groups"] });
  }
}

export function graphL3(n: number, outdir: string): void {
  const app = new App({ outdir });
  const stack = new EntraTenantStack(app, GRAPH_BENCH_STACK, { tenantId: GRAPH_BENCH_TENANT_ID });
  for (const a of graphBenchApps(n)) {
    new ScimProvisionedApp(stack, a.id, {
      connector: connectorOf(a),
      displayName: a.displayName,
      ...(a.kind === "generic" ? { tenantUrl: a.tenantUrl } : {}),
      notifications: { email: NOTIFICATION_EMAIL },
      accidentalDeletions: { threshold: DELETE_THRESHOLD },
      assignments: [
        { group: a.group, role: "User" },
        { user: a.user, role: "User" },
      ],
      ...(a.mapped ? GENERIC_MAPPINGS : {}),
    });
  }
  app.synth();
}

if (require.main === module) graphL3(Number(process.argv[2]), process.argv[3]);
