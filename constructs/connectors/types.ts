/**
 * A connector is data plus guardrails for one SCIM target app: what the Entra gallery calls it,
 * where its SCIM endpoint lives, what its token looks like, which objects it provisions and the
 * limitations its Microsoft provisioning tutorial states (tutorials.ts). No subclassing: every connector is a value of
 * this shape, built by a function in `Connectors`.
 */
import type { Problem } from "../errors";

export type ObjectKind = "users" | "groups";

/** One scoping clause a connector imposes on every user scoping filter (see iPass SmartConnect). */
export interface RequiredClause {
  readonly attribute: string;
  readonly operator: string;
  readonly values: readonly string[];
  /** Why the connector adds it, for reviewers. */
  readonly reason: string;
}

export interface Connector {
  /** Catalog key, stable, used in the manifest: `ipassSmartConnect`, `iprova`, `airstack`, `smartFile`, `genericScim`. */
  readonly key: string;
  /** The app's name in the Entra application gallery; the default display name of the app. */
  readonly galleryName: string;
  /**
   * Application template id (a UUID) to instantiate, pinned.
   * @default - looked up by `galleryName` with the azuread_application_template data source
   */
  readonly templateId?: string;
  /**
   * Synchronization template id for the job (e.g. `scim`).
   * @default - the first template the service principal offers, read through Graph
   */
  readonly syncTemplateId?: string;
  /**
   * The SCIM endpoint. `fixed`: the connector knows it (the app's `tenantUrl` may repeat it, nothing else);
   * `default`: the documented URL unless the app gives its own https `tenantUrl` (checked as for generic SCIM);
   * `fromApp`: the app must give `tenantUrl`.
   */
  readonly tenantUrl:
    | { readonly kind: "fixed"; readonly url: string }
    | { readonly kind: "default"; readonly url: string }
    | { readonly kind: "fromApp" };
  /** Shape of the secret token, enforced by a Terraform variable validation (the value is never seen at synth). */
  readonly tokenFormat?: {
    /** RE2 pattern for Terraform's regex(). */
    readonly pattern: string;
    /** What the token must look like, for the validation message. */
    readonly description: string;
  };
  /** Objects the connector provisions. */
  readonly objects: readonly ObjectKind[];
  /** Attribute names the app accepts beyond core SCIM User/Group and the enterprise extension. */
  readonly extraTargets?: readonly string[];
  /**
   * Domains the app accepts usernames in (compared case-insensitively): on-demand users given by
   * UPN must be in one of them.
   * @default - any domain
   */
  readonly userDomains?: readonly string[];
  /**
   * Clauses AND-ed into every user scoping filter of the app (its own and the declared ones); a
   * filter with just these is made when the app has none. A declaration: the user gave the data.
   */
  readonly requiredUserClauses?: readonly RequiredClause[];
  /** The tutorial's connector limitations and tips, as sentences for reviewers. */
  readonly limitations: readonly string[];
  /** Problems with the options given to the connector factory; the app reports them under `connector.<option>`. */
  readonly problems: readonly Problem[];
}
