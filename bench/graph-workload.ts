/**
 * The apps the Graph-cost bench deploys: the four gallery connectors of the example tenant and a
 * generic SCIM app, in rotation, each assigned one group and one user of its own. Both measured
 * programs (graph-l3.ts through ScimProvisionedApp, graph-l1.ts by hand) declare exactly these.
 */
import { BENCH_MAPPINGS } from "./workload";

/** The tenant both programs pin in their provider blocks; the sandbox's tenant takes this id. */
export const GRAPH_BENCH_TENANT_ID = "6c0b5e1a-4d2f-4b8e-9a71-3f0d2c8e5b10";
export const GRAPH_BENCH_STACK = "bench-graph";

export type AppKind = "ipass" | "iprova" | "airstack" | "smartfile" | "generic";
export const KINDS: readonly AppKind[] = ["ipass", "iprova", "airstack", "smartfile", "generic"];

/** The gallery name each connector instantiates (what the template lookup searches for). */
export const GALLERY_NAMES: Readonly<Record<Exclude<AppKind, "generic">, string>> = {
  ipass: "iPass SmartConnect",
  iprova: "iProva",
  airstack: "Airstack",
  smartfile: "SmartFile",
};

export const REGISTERED_DOMAINS = ["contoso.com"];
export const NOTIFICATION_EMAIL = "idm-team@contoso.com";
export const DELETE_THRESHOLD = 100;

export interface GraphBenchApp {
  /** The app's construct id, also its token variable's stem: `<id>_secret_token`. */
  readonly id: string;
  readonly kind: AppKind;
  readonly displayName: string;
  /** The tenant URL the app is given (iProva and Airstack: their fixed URLs; iPass: its documented default). */
  readonly tenantUrl: string;
  /** SmartFile's site name. */
  readonly siteName?: string;
  readonly group: string;
  readonly user: string;
  /** The generic apps declare the synth bench's mappings and scoping filters (a schema write). */
  readonly mapped: boolean;
}

const FIXED_URLS = {
  ipass: "https://openmobile.ipass.com/moservices/scim/v1",
  iprova: "https://identitymanagement.services.iProva.nl/scim",
  airstack: "https://api-as.lenovosoftware.com/0/as/common/scim",
} as const;

export function graphBenchApps(n: number): GraphBenchApp[] {
  return Array.from({ length: n }, (_, i) => {
    const kind = KINDS[i % KINDS.length];
    const siteName = kind === "smartfile" ? `bench${i}` : undefined;
    const tenantUrl =
      kind === "smartfile" ? `https://${siteName}.smartfile.com/ftp/scim` : kind === "generic" ? `https://app${i}.scim.bench.example/scim/v2` : FIXED_URLS[kind];
    return {
      id: `app${i}`,
      kind,
      displayName: `Bench ${kind === "generic" ? "SCIM app" : GALLERY_NAMES[kind]} ${i}`,
      tenantUrl,
      siteName,
      group: `Bench Group ${i}`,
      user: `bench.user${i}@contoso.com`,
      mapped: kind === "generic",
    };
  });
}

/** The generic apps' declarations (the same as the synth bench's workload). */
export const GENERIC_MAPPINGS = BENCH_MAPPINGS;

/**
 * One local SCIM app per tenant URL host (the sandbox routes by host): apps that share a host
 * (every iProva, every Airstack, every iPass app at its default URL) share its app and token.
 */
export function scimHosts(apps: ReadonlyArray<Pick<GraphBenchApp, "id" | "tenantUrl">>): Array<{ name: string; tenantUrl: string; apps: string[] }> {
  const byHost = new Map<string, { name: string; tenantUrl: string; apps: string[] }>();
  for (const app of apps) {
    const host = new URL(app.tenantUrl).hostname.toLowerCase();
    const entry = byHost.get(host) ?? { name: host, tenantUrl: app.tenantUrl, apps: [] };
    entry.apps.push(app.id);
    byHost.set(host, entry);
  }
  return [...byHost.values()];
}

/** What an admin would have made before the deploy: the assigned users and groups, as seedDirectory reads them. */
export function directoryOf(apps: readonly GraphBenchApp[]) {
  return {
    apps: apps.map((a) => ({
      assignments: [
        { principalType: "group" as const, principal: a.group },
        { principalType: "user" as const, principal: a.user },
      ],
    })),
  };
}
