/**
 * EntraTenantStack: one Terraform stack per Entra tenant (and so one state, one deploy, one drift
 * check). It configures the azuread and msgraph providers for the tenant's cloud, an optional
 * azurerm backend, and writes the secret-free provisioning manifest beside cdk.tf.json at synth.
 */
import { AzureadProvider } from "@cdktf/provider-azuread/lib/provider";
import { Annotations, AzurermBackend, type AzurermBackendConfig, TerraformStack } from "cdktf";
import { addCustomSynthesis } from "cdktf/lib/synthesize/synthesizer";
import type { Construct, IConstruct } from "constructs";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { MANIFEST_FILE, MANIFEST_VERSION, type AppManifest, type Manifest, ManifestSchema } from "../manifest/schema";
import { installOneLineErrors, ValidationError, type Problem, zodProblems } from "./errors";
import { checkedId } from "./ids";
import { MsgraphProvider, msgraphEnvironment } from "./msgraph";
import { MSGRAPH_WITHOUT_ENVIRONMENT_ENV, msgraphWithoutEnvironment } from "./msgraph/stand-in";
import { MSGRAPH_PROVIDER_VERSION } from "./provider-versions";
import type { TokenVariableNaming } from "./token-variables";
import { houseErrorMap } from "./props";
import { besides, tokenTextProblems } from "./token-text";

/** The azuread provider's names for the clouds where Entra provisioning runs. */
export type EntraEnvironment = "global" | "usgovernmentl4" | "usgovernmentl5" | "china";

export interface EntraTenantStackProps {
  /** The tenant's id (a GUID) or its initial domain, e.g. `contoso.onmicrosoft.com`. */
  readonly tenantId: string;
  /**
   * The cloud the tenant lives in (the azuread provider's names). Microsoft's iPass SmartConnect
   * tutorial: the app is in the US Government cloud's gallery too.
   * @default "global"
   */
  readonly environment?: EntraEnvironment;
  /**
   * Remote state in an Azure storage account, as CI deploys need.
   * @default - local state (terraform.<stack>.tfstate), fine for a first try, not for a team
   */
  readonly backend?: AzurermBackendConfig;
  /**
   * How the default token variable of each app (one declared without `secretToken`) is named:
   * - "auto": `<id>_secret_token`, or `<stack>_<id>_secret_token` for both apps while another
   *   stack of the cdktf app declares the same app id (adding such a stack renames this one's);
   * - "byApp": always `<id>_secret_token`: names that never change when stacks are added beside
   *   this one (a same-id app of an "auto" stack reads its stack-qualified name instead; two
   *   "byApp" stacks declaring the same id fail synth);
   * - "byStack": always `<stack>_<id>_secret_token`.
   * @default "auto"
   */
  readonly tokenVariableNames?: TokenVariableNaming;
}

/** Anything in the stack that contributes an entry to provisioning.json. */
export interface ManifestContributor {
  toManifest(): AppManifest;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DOMAIN = /^(?=.{1,253}$)((?!-)[a-z0-9-]{1,63}(?<!-)\.)+[a-z]{2,63}$/i;

const stackPropsSchema = z.strictObject({
  tenantId: z.string().refine((t) => GUID.test(t) || DOMAIN.test(t), {
    error: (iss) => `${JSON.stringify(iss.input)} is neither a GUID nor a domain; expected the tenant id or its initial domain`,
  }),
  environment: z.enum(["global", "usgovernmentl4", "usgovernmentl5", "china"]).optional(),
  backend: z.custom<AzurermBackendConfig>((v) => typeof v === "object" && v !== null, { message: "is not an object; expected AzurermBackendConfig" }).optional(),
  tokenVariableNames: z.enum(["auto", "byApp", "byStack"]).optional(),
});

export class EntraTenantStack extends TerraformStack {
  /** The EntraTenantStack a construct belongs to; apps must be declared inside one. */
  public static of(construct: IConstruct): EntraTenantStack {
    const stack = construct.node.scopes.find((s): s is EntraTenantStack => s instanceof EntraTenantStack);
    if (!stack) {
      throw new ValidationError(construct.node.path, [
        { field: "scope", message: "is not inside an EntraTenantStack; expected new ScimProvisionedApp(tenantStack, id, props)" },
      ]);
    }
    return stack;
  }

  public readonly tenantId: string;
  public readonly environment: EntraEnvironment;
  /** How the stack's apps name their default token variables. */
  public readonly tokenVariableNames: TokenVariableNaming;
  /** Escape hatch: the azuread provider. */
  public readonly azureadProvider: AzureadProvider;
  /** Escape hatch: the msgraph provider (schema, validateCredentials, start/pause). */
  public readonly msgraphProvider: MsgraphProvider;
  private readonly contributors: ManifestContributor[] = [];
  /** Display names in use (lower-cased) -> app id: two apps may not share one. */
  private readonly displayNames = new Map<string, string>();

  constructor(scope: Construct, id: string, props: EntraTenantStackProps) {
    // Before anything can throw: with cdktf's own App, this is where one-line errors start.
    installOneLineErrors();
    super(scope, checkedId(scope, id, "stack"));
    const parsed = stackPropsSchema.safeParse(props ?? {}, { error: houseErrorMap });
    // cdktf token text in a backend setting would be resolved where Terraform takes only literals.
    const tokenText = tokenTextProblems(props ?? {});
    if (!parsed.success || tokenText.length > 0) throw new ValidationError(id, [...tokenText, ...besides(tokenText, parsed.success ? [] : zodProblems(parsed.error))]);

    this.tenantId = props.tenantId;
    this.environment = props.environment ?? "global";
    this.tokenVariableNames = props.tokenVariableNames ?? "auto";
    this.azureadProvider = new AzureadProvider(this, "azuread", {
      tenantId: this.tenantId,
      environment: this.environment,
    });
    // A stand-in msgraph build without `environment` (see constructs/msgraph/stand-in.ts) reaches
    // the public cloud only: the argument is left out there, and any other cloud is refused.
    const withoutEnvironment = msgraphWithoutEnvironment();
    if (withoutEnvironment && this.environment !== "global") {
      throw new ValidationError(id, [{ field: "environment", message: `"${this.environment}" needs the msgraph provider's environment argument, and the installed msgraph is a stand-in without it (${MSGRAPH_WITHOUT_ENVIRONMENT_ENV}=1); expected "global" or msgraph ${MSGRAPH_PROVIDER_VERSION}` }]);
    }
    this.msgraphProvider = new MsgraphProvider(this, "msgraph", {
      tenantId: this.tenantId,
      environment: withoutEnvironment ? undefined : msgraphEnvironment(this.environment),
    });
    if (withoutEnvironment) {
      Annotations.of(this).addWarning(`${id}: the msgraph provider block is written without environment (${MSGRAPH_WITHOUT_ENVIRONMENT_ENV}=1: the installed msgraph is a stand-in older than ${MSGRAPH_PROVIDER_VERSION}); it uses the public cloud, as "global" does`);
    }
    if (props.backend) new AzurermBackend(this, props.backend);
    if (this.environment === "china") {
      // graph-sync.md section 8: validateCredentials, provisionOnDemand and the secrets API are
      // documented for Global and US Government only.
      Annotations.of(this).addWarning(
        `${id}: environment "china": Graph documents validateCredentials, on-demand provisioning and the synchronization secrets API for Global and US Government only; set validateCredentials: false if the deploy fails there`,
      );
    }

    // Write provisioning.json next to cdk.tf.json. Custom synthesis is cdktf's hook for writing
    // extra files into a stack's working directory during `cdktf synth`.
    addCustomSynthesis(this, {
      onSynthesize: (session) => {
        const dir = join(session.outdir, session.manifest.forStack(this).workingDirectory);
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, MANIFEST_FILE), JSON.stringify(this.toManifest(), null, 2) + "\n");
      },
    });
  }

  /** Called by each app in its constructor, once its props are valid. */
  public registerApp(app: ManifestContributor, displayName: string, id: string): void {
    this.contributors.push(app);
    this.displayNames.set(displayName.toLowerCase(), id);
  }

  /** The id of the app already using this display name, if any. */
  public appWithDisplayName(displayName: string): string | undefined {
    return this.displayNames.get(displayName.toLowerCase());
  }

  /** The secret-free manifest of every app in this stack, validated by the schema the CLI reads it with. */
  public toManifest(): Manifest {
    const manifest: Manifest = {
      version: MANIFEST_VERSION,
      stack: this.node.id,
      tenantId: this.tenantId,
      environment: this.environment,
      apps: this.contributors.map((c) => c.toManifest()),
    };
    const parsed = ManifestSchema.safeParse(manifest);
    if (!parsed.success) {
      // A bug in this library, not a user error: the construct produced a manifest the CLI cannot read.
      const problems: Problem[] = zodProblems(parsed.error);
      throw new Error(`${this.node.id}: internal error, invalid manifest: ${problems.map((p) => `${p.field}: ${p.message}`).join("; ")}`);
    }
    return parsed.data;
  }
}
