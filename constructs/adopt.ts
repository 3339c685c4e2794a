/**
 * Adoption: Terraform import ids for an app that already exists in the tenant (configured in the
 * portal), so the first deploy takes the existing objects into state instead of creating a second
 * gallery app beside them. `npm run import` writes these ids into the generated code.
 *
 * Import id formats (hashicorp/terraform-provider-azuread, azuread 3.x):
 * - azuread_application_from_template: `/applicationTemplates/{templateId}/instantiate/{appObjectId}/{spObjectId}`
 *   (docs/resources/application_from_template.md, "Import").
 * - azuread_synchronization_job: `/servicePrincipals/{spObjectId}/synchronization/jobs/{jobId}`
 *   (docs/resources/synchronization_job.md, "Import").
 * - azuread_app_role_assignment: `/servicePrincipals/{spObjectId}/appRoleAssignedTo/{assignmentId}`. Its docs
 *   still print the 2.x form `{spObjectId}/appRoleAssignment/{assignmentId}`, but the 3.x importer validates
 *   `stable.ValidateServicePrincipalIdAppRoleAssignedToID` and a state upgrader rewrites old ids into this
 *   form (internal/services/approleassignments/app_role_assignment_resource.go and migrations/).
 * The synchronization secret is not imported (its docs say import is not supported): the first
 * deploy writes it, replacing the portal's credentials and settings with the declared ones.
 */
import { z } from "zod";

export interface AdoptIds {
  /** The gallery application template the app was instantiated from (servicePrincipal.applicationTemplateId). */
  readonly applicationTemplateId: string;
  /** Object id of the application (App registrations > Object ID). */
  readonly applicationObjectId: string;
  /** Object id of the service principal (Enterprise applications > Object ID). */
  readonly servicePrincipalObjectId: string;
  /** Id of the provisioning job, e.g. `scim.0a1b....<guid>` (Graph: synchronization/jobs). */
  readonly synchronizationJobId: string;
  /**
   * The job's synchronization template id (Graph: the job's `templateId`). The job resource's
   * template_id forces a new job when it changes, so an adopted job pins the one it has.
   * @default - the connector's, or the first the service principal offers
   */
  readonly synchronizationTemplateId?: string;
  /**
   * App role assignment ids, keyed as the Assignments construct keys them:
   * `<user|group>-<principal>-<role>` with "/" written as "_" (see assignmentKey).
   * @default - no assignment is adopted (each declared assignment is created)
   */
  readonly roleAssignments?: Readonly<Record<string, string>>;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const guid = (what: string) => z.string().regex(GUID, { message: `is not a GUID; expected the ${what}` });

export const adoptSchema = z.strictObject({
  applicationTemplateId: guid("application template id"),
  applicationObjectId: guid("application's object id"),
  servicePrincipalObjectId: guid("service principal's object id"),
  synchronizationJobId: z
    .string()
    .regex(/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/, { message: 'is not a synchronization job id; expected an id such as "scim.0a1b2c3d4e5f.8442fd39-2183-419c-8732-74b6ce866bd5"' })
    .max(200),
  synchronizationTemplateId: z.string().regex(/^[A-Za-z0-9_.-]{1,200}$/, { message: 'is not a synchronization template id; expected an id such as "scim"' }).optional(),
  roleAssignments: z
    .record(z.string(), z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, { message: "is not an app role assignment id; expected the assignment's id from Graph (base64url text)" }))
    .optional(),
});

export function applicationImportId(ids: AdoptIds): string {
  return `/applicationTemplates/${ids.applicationTemplateId}/instantiate/${ids.applicationObjectId}/${ids.servicePrincipalObjectId}`;
}

export function jobImportId(ids: AdoptIds): string {
  return `/servicePrincipals/${ids.servicePrincipalObjectId}/synchronization/jobs/${ids.synchronizationJobId}`;
}

export function roleAssignmentImportId(servicePrincipalObjectId: string, assignmentId: string): string {
  return `/servicePrincipals/${servicePrincipalObjectId}/appRoleAssignedTo/${assignmentId}`;
}
