/**
 * A Terraform `check` block per app that reads the job's live state through Graph on every plan
 * (`cdktf diff`, `terraform plan`) and warns, without failing, when:
 * - provisioning is declared "on" but the job is not running (paused or stopped in the portal):
 *   the start action ran once and will not restart it, so this is the only place it shows;
 * - the job is in quarantine (bad credentials, too many deletes, escrows).
 * cdktf 0.21 has no construct for check blocks, so this element writes the JSON itself.
 */
import { TerraformElement } from "cdktf";
import type { Construct } from "constructs";
import type { ProvisioningJob } from "./job";
import { templateLiteral } from "./terraform-strings";

export interface JobHealthCheckProps {
  readonly job: ProvisioningJob;
  readonly provisioning: "on" | "off";
  /** `<stack>/<app>` for the warning text. */
  readonly where: string;
}

export class JobHealthCheck extends TerraformElement {
  private readonly props: JobHealthCheckProps;

  constructor(scope: Construct, id: string, props: JobHealthCheckProps) {
    super(scope, id, "check");
    this.props = props;
  }

  /** The check block's address, e.g. `check.ipass_health_1A2B3C4D`. */
  public get address(): string {
    return `check.${this.friendlyUniqueId}`;
  }

  public toTerraform(): any {
    const { job, provisioning } = this.props;
    const where = templateLiteral(this.props.where);
    // Data source names must be unique per module, check blocks included.
    const name = `${this.friendlyUniqueId}_job`;
    const data = `data.msgraph_resource.${name}.output`;
    // Terraform renders an assertion's error_message even when its condition holds, and a null in
    // a string template is an error: a job that is not in quarantine has no quarantine reason, so
    // every plan after the first deploy failed (found deploying to the local sandbox with the real
    // providers). Each interpolated value falls back to a word.
    const asserts = [
      {
        condition: `\${${data}.status != "Quarantine"}`,
        error_message: `${where}: the provisioning job is in quarantine (\${coalesce(${data}.quarantine_reason, "no reason given")}); fix the cause (see the notification email and provisioning logs), then re-deploy or restart it.`,
      },
    ];
    if (provisioning === "on") {
      asserts.unshift({
        condition: `\${${data}.state == "Active"}`,
        error_message: `${where}: provisioning is declared "on" but the job is \${coalesce(${data}.state, "missing")}: it was paused or stopped outside code. Start it in the portal or taint its job-state action and deploy.`,
      });
    }
    return {
      check: {
        [this.friendlyUniqueId]: {
          data: {
            msgraph_resource: {
              [name]: {
                url: job.path,
                response_export_values: {
                  state: "schedule.state",
                  status: "status.code",
                  quarantine_reason: "status.quarantine.reason",
                },
              },
            },
          },
          assert: asserts,
        },
      },
    };
  }
}
