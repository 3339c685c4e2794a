/**
 * Provisioning credentials and settings: the token variable and the one synchronization secret
 * that holds every key. Graph replaces the whole secrets collection on each PUT
 * (graph-sync.md section 5), so tenant URL, token, scope and notification settings must live in
 * one resource or they would erase each other.
 */
import { SynchronizationSecret } from "@cdktf/provider-azuread/lib/synchronization-secret";
import { TerraformVariable } from "cdktf";
import { Construct } from "constructs";
import type { Connector } from "./connectors";

export interface CredentialsProps {
  readonly connector: Connector;
  readonly servicePrincipalId: string;
  readonly tenantUrl: string;
  /** A variable or reference; when absent a sensitive variable `<variableName>` is declared. */
  readonly secretToken?: TerraformVariable | string;
  /** Name of the variable to declare, e.g. `ipass_secret_token`. */
  readonly variableName: string;
  readonly displayName: string;
  readonly syncAll: boolean;
  readonly notifications?: { readonly email: string; readonly sendOnFailure: boolean };
  readonly deleteThreshold?: number;
}

/** The SyncNotificationSettings secret value: a JSON document in a string (graph-sync.md section 5). */
export function notificationSettings(props: Pick<CredentialsProps, "notifications" | "deleteThreshold">): string {
  // Key names and their order as Graph returns them; all four are always written so the value
  // has one shape. `Recipients` and `DeleteThresholdValue` are seen in practice but not in an
  // official reference table (UNCONFIRMED, graph-sync.md item 5).
  return JSON.stringify({
    Enabled: props.notifications?.sendOnFailure ?? false,
    Recipients: props.notifications?.email ?? "",
    DeleteThresholdEnabled: props.deleteThreshold !== undefined,
    // Entra's default threshold, kept when prevention is off so turning it on again is one switch.
    DeleteThresholdValue: props.deleteThreshold ?? 500,
  });
}

export class Credentials extends Construct {
  /** The token variable, when this construct declared it. */
  public readonly tokenVariable?: TerraformVariable;
  public readonly secret: SynchronizationSecret;

  constructor(scope: Construct, id: string, props: CredentialsProps) {
    super(scope, id);
    let token: string;
    if (props.secretToken === undefined) {
      const validation = [
        {
          condition: `\${length(trimspace(var.${props.variableName})) > 0}`,
          errorMessage: `${props.variableName} is empty; set TF_VAR_${props.variableName} to the ${props.displayName} secret token.`,
        },
      ];
      if (props.connector.tokenFormat) {
        validation.push({
          condition: `\${can(regex(${JSON.stringify(props.connector.tokenFormat.pattern)}, var.${props.variableName}))}`,
          errorMessage: `${props.variableName} does not look like ${props.connector.tokenFormat.description}.`,
        });
      }
      this.tokenVariable = new TerraformVariable(this, "token", {
        type: "string",
        sensitive: true,
        nullable: false,
        description: `Secret Token for ${props.displayName} provisioning (Entra: Admin Credentials > Secret Token). Set TF_VAR_${props.variableName}.`,
        validation,
      });
      // The variable name is what CI sets (TF_VAR_<name>): fixed, not derived from the construct path.
      this.tokenVariable.overrideLogicalId(props.variableName);
      token = this.tokenVariable.stringValue;
    } else {
      token = props.secretToken instanceof TerraformVariable ? props.secretToken.stringValue : props.secretToken;
    }

    this.secret = new SynchronizationSecret(this, "secret", {
      servicePrincipalId: props.servicePrincipalId,
      credential: [
        { key: "BaseAddress", value: props.tenantUrl },
        { key: "SecretToken", value: token },
        // "true" = all users and groups, "false" = assigned only (graph-sync.md section 5).
        { key: "SyncAll", value: props.syncAll ? "true" : "false" },
        { key: "SyncNotificationSettings", value: notificationSettings(props) },
      ],
    });
  }
}
