/**
 * Provisioning credentials and settings: the token variable and the one synchronization secret
 * that holds every key. Graph replaces the whole secrets collection on each PUT
 * (graph-sync.md section 5), so tenant URL, token, scope and notification settings must live in
 * one resource or they would erase each other.
 */
import { SynchronizationSecret } from "@cdktf/provider-azuread/lib/synchronization-secret";
import { TerraformVariable } from "cdktf";
import { lazyString } from "./lazy";
import { Construct } from "constructs";
import type { Connector } from "./connectors";
import { hclQuoted, templateLiteral } from "./terraform-strings";

export interface CredentialsProps {
  readonly connector: Connector;
  readonly servicePrincipalId: string;
  readonly tenantUrl: string;
  /** A variable or reference; when absent a sensitive variable `<variableName>` is declared. */
  readonly secretToken?: TerraformVariable | string;
  /**
   * Name of the variable to declare, e.g. `ipass_secret_token`; it may still change until synth
   * (see token-variables.ts and renameTokenVariable).
   */
  readonly variableName: string;
  readonly displayName: string;
  readonly syncAll: boolean;
  readonly notifications?: { readonly email: string; readonly sendOnFailure: boolean };
  readonly deleteThreshold?: number;
}

/**
 * The SyncNotificationSettings secret value: a JSON document in a string (graph-sync.md section 5).
 * Unescaped: the caller escapes it for Terraform (the email is the user's text).
 */
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
  /** The token variable, when this construct declared it. Read its name from `tokenVariableName`. */
  public readonly tokenVariable?: TerraformVariable;
  public readonly secret: SynchronizationSecret;
  private variableName: string;

  constructor(scope: Construct, id: string, props: CredentialsProps) {
    super(scope, id);
    this.variableName = props.variableName;
    // The name can change until synth (a second stack declaring the same app id renames it), so
    // every string that holds it is produced at synth, and the variable's `stringValue` (which
    // would freeze its logical id) is never read.
    const name = () => this.variableName;
    const displayName = templateLiteral(props.displayName);
    let token: string;
    if (props.secretToken === undefined) {
      const validation = [
        {
          condition: lazyString(() => `\${length(trimspace(var.${name()})) > 0}`),
          errorMessage: lazyString(() => `${name()} is empty; set TF_VAR_${name()} to the ${displayName} secret token.`),
        },
      ];
      if (props.connector.tokenFormat) {
        const { pattern, description } = props.connector.tokenFormat;
        validation.push({
          condition: lazyString(() => `\${can(regex(${hclQuoted(pattern)}, var.${name()}))}`),
          errorMessage: lazyString(() => `${name()} does not look like ${templateLiteral(description)}.`),
        });
      }
      this.tokenVariable = new TerraformVariable(this, "token", {
        type: "string",
        sensitive: true,
        nullable: false,
        // A description is decoded without an evaluation context: literal text, not escaped.
        description: lazyString(() => `Secret Token for ${props.displayName} provisioning (Entra: Admin Credentials > Secret Token). Set TF_VAR_${name()}.`),
        validation,
      });
      // The variable name is what CI sets (TF_VAR_<name>): fixed, not derived from the construct path.
      this.tokenVariable.overrideLogicalId(this.variableName);
      token = lazyString(() => `\${var.${name()}}`);
    } else {
      token = props.secretToken instanceof TerraformVariable ? props.secretToken.stringValue : props.secretToken;
    }

    this.secret = new SynchronizationSecret(this, "secret", {
      servicePrincipalId: props.servicePrincipalId,
      credential: [
        { key: "BaseAddress", value: templateLiteral(props.tenantUrl) },
        { key: "SecretToken", value: token },
        // "true" = all users and groups, "false" = assigned only (graph-sync.md section 5).
        { key: "SyncAll", value: props.syncAll ? "true" : "false" },
        { key: "SyncNotificationSettings", value: templateLiteral(notificationSettings(props)) },
      ],
    });
  }

  /** The declared variable's name as it will be synthesized. */
  public get tokenVariableName(): string | undefined {
    return this.tokenVariable ? this.variableName : undefined;
  }

  /** Renames the declared variable (before synth only; see token-variables.ts). */
  public renameTokenVariable(name: string): void {
    if (!this.tokenVariable || name === this.variableName) return;
    this.variableName = name;
    this.tokenVariable.overrideLogicalId(name);
  }
}
