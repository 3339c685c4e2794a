/**
 * The provisioning job and the order things happen in on deploy:
 *
 *   secret (BaseAddress, SecretToken, settings)
 *     └─► azuread_synchronization_job        enabled = false, ignore_changes = [enabled]
 *           └─► msgraph_update_resource      PUT <job>/schema (declared mappings and scoping filters)
 *                 └─► msgraph_resource_action POST <job>/validateCredentials (Entra's own Test Connection)
 *                       └─► provision on demand (when onDemand is set; before going broad, as the tutorials advise)
 *                             └─► msgraph_resource_action POST <job>/start   (or /pause when provisioning is "off")
 *
 * The azuread job resource starts the job the moment it is created when `enabled` is true, before
 * any schema could be applied, so it is created disabled and never toggled by azuread; starting
 * and pausing is an msgraph action whose `action` changes with the on/off switch, which forces
 * Terraform to replace it and so to call Graph again.
 */
import { SynchronizationJob } from "@cdktf/provider-azuread/lib/synchronization-job";
import { type ITerraformDependable, TerraformResource, TerraformStack } from "cdktf";
import { lazyString } from "./lazy";
import { Construct } from "constructs";
import { type AdoptIds, jobImportId } from "./adopt";
import { MsgraphResourceAction } from "./msgraph";
import { templateLiteral } from "./terraform-strings";

export interface ProvisioningJobProps {
  readonly servicePrincipalId: string;
  readonly syncTemplateId: string;
  /** The job must not exist before its credentials do. */
  readonly credentials: ITerraformDependable;
  /**
   * An existing job to import (Terraform import block) instead of creating one.
   * @default - a new job on first deploy
   */
  readonly adopt?: AdoptIds;
}

export class ProvisioningJob extends Construct {
  public readonly job: SynchronizationJob;
  /** Graph path of the job, `/servicePrincipals/{id}/synchronization/jobs/{jobId}` (the resource's id). */
  public readonly path: string;

  constructor(scope: Construct, id: string, props: ProvisioningJobProps) {
    super(scope, id);
    this.job = new SynchronizationJob(this, "job", {
      servicePrincipalId: props.servicePrincipalId,
      templateId: props.syncTemplateId,
      enabled: false,
      dependsOn: [props.credentials],
      // The provider's Read sets `enabled` from the schedule state; the start/pause action owns it.
      lifecycle: { ignoreChanges: ["enabled"] },
    });
    if (props.adopt) this.job.importFrom(templateLiteral(jobImportId(props.adopt)));
    // One token for every reference to the job (each attribute read creates a new token).
    this.path = this.job.id;
  }
}

export interface ValidateCredentialsProps {
  readonly job: ProvisioningJob;
  readonly syncTemplateId: string;
  /** What must be in place first and whose change re-runs the test: the secret and the schema. */
  readonly after: TerraformResource[];
}

/**
 * `type.name` without `${}`: cdktf writes replace_triggered_by entries as interpolations, while
 * Terraform documents them as bare resource references (like depends_on, which cdktf writes bare).
 */
function plainAddress(resource: TerraformResource): string {
  return lazyString(() => `${resource.terraformResourceType}.${TerraformStack.of(resource).getLogicalId(resource)}`);
}

/**
 * Entra's Test Connection, run by Entra inside `cdktf deploy`: the deploy fails with Entra's own
 * answer when Entra cannot reach the app with the saved credentials. The body carries no token:
 * useSavedCredentials tells Graph to test what the secret resource saved.
 * UNCONFIRMED (terraform-side.md 2): the exact semantics of useSavedCredentials and the success code.
 */
export class ValidateCredentials extends MsgraphResourceAction {
  constructor(scope: Construct, id: string, props: ValidateCredentialsProps) {
    super(scope, id, {
      resourceUrl: props.job.path,
      method: "POST",
      action: "validateCredentials",
      body: { useSavedCredentials: true, templateId: props.syncTemplateId, credentials: [] },
      dependsOn: props.after,
      lifecycle: { replaceTriggeredBy: props.after.map(plainAddress) },
    });
  }
}

export interface JobStateProps {
  readonly job: ProvisioningJob;
  readonly provisioning: "on" | "off";
  /** Everything that must be in place before a provisioning cycle may run. */
  readonly after: ITerraformDependable[];
}

/** Starts (provisioning "on") or pauses ("off") the job once everything before it is in place. */
export class JobState extends MsgraphResourceAction {
  constructor(scope: Construct, id: string, props: JobStateProps) {
    super(scope, id, {
      resourceUrl: props.job.path,
      method: "POST",
      // UNCONFIRMED (graph-sync.md 6): pausing a job that never ran is accepted (204).
      action: props.provisioning === "on" ? "start" : "pause",
      dependsOn: props.after,
    });
  }
}
