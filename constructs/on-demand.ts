/**
 * On-demand provisioning (Microsoft's iPass SmartConnect tutorial: "use on-demand provisioning to validate sync with a small
 * number of users before deploying more broadly"): provisions the named subjects once, after the
 * schema is written and Entra's Test Connection passed and before the job is started (the start
 * waits for it), and again whenever the list changes.
 */
import { SynchronizationJobProvisionOnDemand } from "@cdktf/provider-azuread/lib/synchronization-job-provision-on-demand";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import type { ProvisioningJob } from "./job";
import { DirectoryLookups } from "./directory-lookups";
import { isObjectId } from "./props";
import { templateLiteral } from "./terraform-strings";

export interface OnDemandProvisioningProps {
  readonly job: ProvisioningJob;
  readonly servicePrincipalId: string;
  /**
   * The synchronization rule that provisions Entra ID users, and the one for groups
   * (LiveJobSchema.provisioningRuleId: found by their object mappings in the live schema; schema
   * writes never change rule ids). Usually one rule holds both.
   */
  readonly ruleIds: { readonly users: string; readonly groups: string };
  /** UPNs or object ids. */
  readonly users: readonly string[];
  /** Display names or object ids. */
  readonly groups: readonly string[];
  /** Runs after these: the secret, the schema and Test Connection (never after the start: validate with a few users before everyone). */
  readonly after: ITerraformDependable[];
}

export class OnDemandProvisioning extends Construct {
  public readonly request: SynchronizationJobProvisionOnDemand;

  constructor(scope: Construct, id: string, props: OnDemandProvisioningProps) {
    super(scope, id);
    // The same lookups as the stack's assignments (one per name per stack).
    const lookups = DirectoryLookups.of(this);
    const subject = (kind: "user" | "group", name: string) => {
      if (isObjectId(name)) return name;
      return kind === "user" ? lookups.userObjectId(name) : lookups.groupObjectId(name);
    };

    this.request = new SynchronizationJobProvisionOnDemand(this, "request", {
      servicePrincipalId: props.servicePrincipalId,
      synchronizationJobId: props.job.path,
      // One parameter per object kind, each with the rule that provisions it.
      parameter: [
        ...(props.users.length > 0
          ? [{ ruleId: props.ruleIds.users, subject: props.users.map((u) => ({ objectId: subject("user", u), objectTypeName: "User" })) }]
          : []),
        ...(props.groups.length > 0
          ? [{ ruleId: props.ruleIds.groups, subject: props.groups.map((g) => ({ objectId: subject("group", g), objectTypeName: "Group" })) }]
          : []),
      ],
      // A changed list re-runs the request (all its arguments force replacement anyway).
      triggers: { users: templateLiteral(props.users.join(",")), groups: templateLiteral(props.groups.join(",")) },
      dependsOn: props.after,
    });
  }
}
