/**
 * The application templates this sandbox's gallery holds: the four gallery apps of the project's
 * seed tutorials and Entra's non-gallery app, each with one synchronization template.
 *
 * Facts and approximations:
 * - The non-gallery template id 8adf8e6e-67b2-4cf2-a259-e3dc5476c621 is Microsoft's (Graph docs,
 *   applicationTemplate resource). Its synchronization template id `scim` is documented (Entra
 *   docs, SCIM compatibility known issues); its factoryTag is UNCONFIRMED.
 * - APPROXIMATION: the gallery apps' application template ids are not published; the ids below
 *   are this sandbox's own, fixed so a stack may pin them. Their display names are the gallery
 *   names the tutorials use. Their synchronization template ids are also unpublished (a real
 *   tenant shows them in GET /servicePrincipals/{id}/synchronization/templates); the ones here
 *   are this sandbox's, with factoryTag CustomSCIM as Graph's list-templates example shows for a
 *   SCIM gallery app.
 * - APPROXIMATION: app roles. Entra's non-gallery and SCIM gallery apps carry a `User` role and
 *   an `msiam_access` role; the ids below are the ones commonly seen for those roles
 *   (UNCONFIRMED for each gallery app).
 */
import type { JsonObject } from "../store";
import { scimTemplateSchema } from "./scim-schema";

export interface TemplateEntry {
  /** The applicationTemplate as GET /applicationTemplates/{id} returns it. */
  readonly template: JsonObject;
  /** Synchronization template id and factoryTag of the app's service principal. */
  readonly syncTemplateId: string;
  readonly factoryTag: string;
  readonly groups: boolean;
  /**
   * Whether the app takes soft deletes (active=false). APPROXIMATION: Entra sends DELETE instead
   * for "a limited set of gallery applications" (how-provisioning-works) without saying which;
   * SmartFile's tutorial says it supports hard deletes only, so its entry says false.
   */
  readonly softDelete: boolean;
}

export const NON_GALLERY_TEMPLATE_ID = "8adf8e6e-67b2-4cf2-a259-e3dc5476c621";

function template(id: string, displayName: string, publisher: string, homePageUrl: string | null, description: string): JsonObject {
  return {
    id,
    displayName,
    homePageUrl,
    supportedSingleSignOnModes: id === NON_GALLERY_TEMPLATE_ID ? ["password", "saml", "notSupported"] : ["notSupported"],
    supportedProvisioningTypes: ["sync"],
    logoUrl: null,
    categories: id === NON_GALLERY_TEMPLATE_ID ? [] : ["productivity"],
    publisher,
    description,
  };
}

export const TEMPLATES: readonly TemplateEntry[] = [
  {
    template: template(NON_GALLERY_TEMPLATE_ID, "Custom", "Microsoft Corporation", null, "Integrate any other application that you don't find in the gallery."),
    syncTemplateId: "scim",
    factoryTag: "scim",
    groups: true,
    softDelete: true,
  },
  {
    template: template("5b8a2c41-3f6e-4d0a-9c7b-1e2f3a4b5c01", "iPass SmartConnect", "iPass", "https://www.ipass.com/", "Sandbox gallery entry for iPass SmartConnect (users)."),
    syncTemplateId: "iPassSmartConnect",
    factoryTag: "CustomSCIM",
    groups: false,
    softDelete: true,
  },
  {
    template: template("5b8a2c41-3f6e-4d0a-9c7b-1e2f3a4b5c02", "iProva", "Infoland", "https://www.iprova.nl/", "Sandbox gallery entry for iProva (users and groups)."),
    syncTemplateId: "iProva",
    factoryTag: "CustomSCIM",
    groups: true,
    softDelete: true,
  },
  {
    template: template("5b8a2c41-3f6e-4d0a-9c7b-1e2f3a4b5c03", "Airstack", "Lenovo", "https://www.lenovosoftware.com/", "Sandbox gallery entry for Airstack (users)."),
    syncTemplateId: "airstack",
    factoryTag: "CustomSCIM",
    groups: false,
    softDelete: true,
  },
  {
    template: template("5b8a2c41-3f6e-4d0a-9c7b-1e2f3a4b5c04", "SmartFile", "SmartFile", "https://www.smartfile.com/", "Sandbox gallery entry for SmartFile (users and groups)."),
    syncTemplateId: "smartFile",
    factoryTag: "CustomSCIM",
    groups: true,
    softDelete: false,
  },
];

export function templateById(id: string): TemplateEntry | undefined {
  return TEMPLATES.find((t) => (t.template.id as string).toLowerCase() === id.toLowerCase());
}

export function templateBySyncId(syncTemplateId: string): TemplateEntry | undefined {
  return TEMPLATES.find((t) => t.syncTemplateId === syncTemplateId);
}

/** The synchronization template's schema for an app instantiated with `displayName`. */
export function syncTemplateSchema(entry: TemplateEntry, appName: string): JsonObject {
  return scimTemplateSchema(entry.syncTemplateId, { appName: entry.template.id === NON_GALLERY_TEMPLATE_ID ? "customappsso" : appName, groups: entry.groups });
}

export const USER_ROLE_ID = "18d14569-c3bd-439b-9a66-3a2aee01d14f";
export const MSIAM_ACCESS_ROLE_ID = "b9632174-c057-4f7e-951b-be3adc52bfe6";

export function appRoles(): JsonObject[] {
  return [
    { allowedMemberTypes: ["User"], description: "User", displayName: "User", id: USER_ROLE_ID, isEnabled: true, origin: "Application", value: null },
    { allowedMemberTypes: ["User"], description: "msiam_access", displayName: "msiam_access", id: MSIAM_ACCESS_ROLE_ID, isEnabled: true, origin: "Application", value: null },
  ];
}
