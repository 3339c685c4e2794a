/**
 * What an admin does in the portal, as the plain Graph calls the portal makes: find an enterprise
 * app, edit one attribute mapping, pause provisioning, change the notification email, and set an
 * app up from scratch. Paths are Graph v1.0's (the client from cli/local-tenant.ts adds /v1.0).
 */
import type { Graph } from "../../../cli/local-tenant";

const filter = (expression: string) => `$filter=${encodeURIComponent(expression)}`;
const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** Every service principal with this display name (an app adopted twice would show twice). */
export async function servicePrincipalsNamed(graph: Graph, displayName: string): Promise<any[]> {
  return (await graph("GET", `/servicePrincipals?${filter(`displayName eq ${quote(displayName)}`)}`)).value;
}

export async function applicationsNamed(graph: Graph, displayName: string): Promise<any[]> {
  return (await graph("GET", `/applications?${filter(`displayName eq ${quote(displayName)}`)}`)).value;
}

/** The enterprise app's service principal and its one provisioning job. */
export async function appNamed(graph: Graph, displayName: string): Promise<{ sp: any; job: any; jobPath: string }> {
  const sps = await servicePrincipalsNamed(graph, displayName);
  if (sps.length !== 1) throw new Error(`${sps.length} service principals are named ${JSON.stringify(displayName)}; expected 1`);
  const jobs = (await graph("GET", `/servicePrincipals/${sps[0].id}/synchronization/jobs`)).value;
  if (jobs.length !== 1) throw new Error(`${displayName} has ${jobs.length} provisioning jobs; expected 1`);
  return { sp: sps[0], job: jobs[0], jobPath: `/servicePrincipals/${sps[0].id}/synchronization/jobs/${jobs[0].id}` };
}

/** The object mapping of Entra's users (or groups) in a job schema. */
export function objectMapping(schema: any, source: "User" | "Group"): any {
  return schema.synchronizationRules.flatMap((r: any) => r.objectMappings).find((o: any) => o.sourceObjectName === source);
}

/**
 * Edit Attribute Mapping > Source attribute, then Save: the portal PUTs the whole schema it read
 * with the one mapping's source replaced by a plain attribute.
 */
export async function editMappingSource(graph: Graph, jobPath: string, target: string, attribute: string): Promise<void> {
  const { "@odata.context": _context, ...schema } = await graph("GET", `${jobPath}/schema`);
  const mapping = objectMapping(schema, "User").attributeMappings.find((m: any) => m.targetAttributeName === target);
  if (!mapping) throw new Error(`the job's schema maps nothing to ${target}`);
  mapping.source = { expression: `[${attribute}]`, name: attribute, type: "Attribute", parameters: [] };
  await graph("PUT", `${jobPath}/schema`, schema);
}

/** Provisioning Status: Off, then Save. */
export async function pauseJob(graph: Graph, jobPath: string): Promise<void> {
  await graph("POST", `${jobPath}/pause`);
}

/**
 * Settings > Notification Email, then Save. Graph replaces the whole secrets collection on PUT,
 * so the save sends every key again: what GET returns (credentials masked as `*`), the saved token
 * as it is, and SyncNotificationSettings with the new recipient.
 */
export async function changeNotificationEmail(graph: Graph, spId: string, token: string, email: string): Promise<void> {
  const secrets: Array<{ key: string; value: string }> = (await graph("GET", `/servicePrincipals/${spId}/synchronization/secrets`)).value;
  const value = secrets.map((s) => {
    if (s.key === "SecretToken") return { key: s.key, value: token };
    if (s.key === "SyncNotificationSettings") return { key: s.key, value: JSON.stringify({ ...JSON.parse(s.value), Recipients: email }) };
    return s;
  });
  await graph("PUT", `/servicePrincipals/${spId}/synchronization/secrets`, { value });
}

export interface PortalApp {
  readonly applicationId: string;
  readonly servicePrincipalId: string;
  readonly jobId: string;
}

/**
 * An app clicked together in the portal: gallery (or non-gallery) template instantiated, a user
 * assigned with the User role, provisioning set up (job, tenant URL and token), one mapping
 * edited, provisioning started.
 */
export async function setUpPortalApp(
  graph: Graph,
  app: { templateId: string; displayName: string; tenantUrl: string; token: string; assignee: string; mapping: { target: string; attribute: string } },
): Promise<PortalApp> {
  const { application, servicePrincipal: sp } = await graph("POST", `/applicationTemplates/${app.templateId}/instantiate`, { displayName: app.displayName });
  const [user] = (await graph("GET", `/users?${filter(`userPrincipalName eq ${quote(app.assignee)}`)}`)).value;
  const role = sp.appRoles.find((r: any) => r.displayName === "User");
  await graph("POST", `/servicePrincipals/${sp.id}/appRoleAssignedTo`, { appRoleId: role.id, principalId: user.id, resourceId: sp.id });
  const [template] = (await graph("GET", `/servicePrincipals/${sp.id}/synchronization/templates`)).value;
  const job = await graph("POST", `/servicePrincipals/${sp.id}/synchronization/jobs`, { templateId: template.id });
  await graph("PUT", `/servicePrincipals/${sp.id}/synchronization/secrets`, { value: [{ key: "BaseAddress", value: app.tenantUrl }, { key: "SecretToken", value: app.token }] });
  const jobPath = `/servicePrincipals/${sp.id}/synchronization/jobs/${job.id}`;
  await editMappingSource(graph, jobPath, app.mapping.target, app.mapping.attribute);
  await graph("POST", `${jobPath}/start`);
  return { applicationId: application.id, servicePrincipalId: sp.id, jobId: job.id };
}
