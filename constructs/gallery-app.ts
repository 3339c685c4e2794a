/**
 * The gallery app: its application template (looked up by gallery name, or pinned), the
 * application and service principal instantiated from it, and the synchronization template id
 * the provisioning job needs (which no azuread data source exposes, so it is read through Graph).
 */
import { ApplicationFromTemplate } from "@cdktf/provider-azuread/lib/application-from-template";
import type { DataAzureadApplicationTemplate } from "@cdktf/provider-azuread/lib/data-azuread-application-template";
import { DataAzureadServicePrincipal } from "@cdktf/provider-azuread/lib/data-azuread-service-principal";
import { Construct } from "constructs";
import { type AdoptIds, applicationImportId } from "./adopt";
import type { Connector } from "./connectors";
import { DirectoryLookups } from "./directory-lookups";
import { DataMsgraphResource } from "./msgraph";
import { templateLiteral } from "./terraform-strings";

export interface GalleryAppProps {
  readonly connector: Connector;
  /** Display name of the enterprise app in the tenant. */
  readonly displayName: string;
  /**
   * An existing application and service principal to import (Terraform import block) instead of
   * creating them.
   * @default - created from the template on first deploy
   */
  readonly adopt?: AdoptIds;
}

export class GalleryApp extends Construct {
  /** Present when the template is looked up by gallery name rather than pinned by the connector (the stack's lookup, shared by the apps of the same gallery name). */
  public readonly template?: DataAzureadApplicationTemplate;
  public readonly application: ApplicationFromTemplate;
  /** Read back to find the app's roles by display name (gallery roles often have empty values). */
  public readonly servicePrincipal: DataAzureadServicePrincipal;
  /** Present when the connector does not pin the synchronization template id. */
  public readonly syncTemplates?: DataMsgraphResource;
  /** `/servicePrincipals/{objectId}`: the form the azuread synchronization resources require. */
  public readonly servicePrincipalId: string;
  public readonly servicePrincipalObjectId: string;
  /** Synchronization template id for the job, e.g. `scim`. */
  public readonly syncTemplateId: string;

  constructor(scope: Construct, id: string, props: GalleryAppProps) {
    super(scope, id);
    const { connector } = props;

    // A connector is plain data (a hand-made one is possible): its strings are escaped like user strings.
    let templateId = connector.templateId === undefined ? undefined : templateLiteral(connector.templateId);
    if (templateId === undefined) {
      // One lookup per gallery name per stack, shared by every app of that connector.
      this.template = DirectoryLookups.of(this).applicationTemplate(connector.galleryName);
      templateId = this.template.templateId;
    }

    this.application = new ApplicationFromTemplate(this, "application", {
      displayName: templateLiteral(props.displayName),
      templateId,
    });
    if (props.adopt) this.application.importFrom(templateLiteral(applicationImportId(props.adopt)));
    this.servicePrincipalId = this.application.servicePrincipalId;
    this.servicePrincipalObjectId = this.application.servicePrincipalObjectId;

    this.servicePrincipal = new DataAzureadServicePrincipal(this, "service-principal", {
      objectId: this.servicePrincipalObjectId,
    });

    // An adopted job keeps its own template (template_id forces a new job when it changes).
    const pinned = props.adopt?.synchronizationTemplateId ?? connector.syncTemplateId;
    if (pinned !== undefined) {
      this.syncTemplateId = templateLiteral(pinned);
    } else {
      // UNCONFIRMED (terraform-side.md 1.2, graph-sync.md 6): a gallery app's service principal offers
      // one synchronization template; we take the first. Pin `syncTemplateId` on the connector if not.
      this.syncTemplates = new DataMsgraphResource(this, "sync-templates", {
        url: `${this.servicePrincipalId}/synchronization/templates`,
        responseExportValues: { sync_template_id: "value[0].id" },
      });
      this.syncTemplateId = this.syncTemplates.outputValue("sync_template_id");
    }
  }
}
