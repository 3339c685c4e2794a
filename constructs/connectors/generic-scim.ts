import type { Connector, ObjectKind } from "./types";
import type { Problem } from "../errors";
import { literalTextProblem, MAX_NAME_LENGTH } from "../props";
import { isScimAttributeName } from "../schema/scim-attributes";

/** Application template of Entra's non-gallery ("bring your own") application. */
export const NON_GALLERY_TEMPLATE_ID = "8adf8e6e-67b2-4cf2-a259-e3dc5476c621";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface GenericScimOptions {
  /**
   * The app's name in the Entra gallery.
   * @default - a non-gallery application ("Non-gallery SCIM app"), provisioned with the `scim` template
   */
  readonly galleryName?: string;
  /**
   * Pins the application template id (UUID) instead of looking it up by gallery name.
   * @default - looked up by galleryName; the non-gallery template when there is no galleryName
   */
  readonly templateId?: string;
  /** Objects the app provisions. */
  readonly objects: ReadonlyArray<ObjectKind>;
  /** Extra target attributes the app's SCIM schema has beyond core User/Group and the enterprise extension. */
  readonly extraTargets?: readonly string[];
}

/** Any other SCIM app; its tenant URL comes from the app's `tenantUrl`. */
export function genericScim(options: GenericScimOptions): Connector {
  const problems: Problem[] = [];
  const objects = (options as Partial<GenericScimOptions> | undefined)?.objects;
  const validObjects =
    Array.isArray(objects) && objects.length > 0 && objects.every((o) => o === "users" || o === "groups") && new Set(objects).size === objects.length;
  if (!validObjects || !objects?.includes("users")) {
    problems.push({
      field: "connector.objects",
      message: `${JSON.stringify(objects)} is not a valid list of objects; expected ["users"] or ["users", "groups"]`,
    });
  }
  if (options?.templateId !== undefined && !UUID.test(options.templateId)) {
    problems.push({ field: "connector.templateId", message: `"${options.templateId}" is not a UUID; expected an application template id` });
  }
  const galleryName = options?.galleryName;
  if (galleryName !== undefined && (typeof galleryName !== "string" || galleryName.trim() === "")) {
    problems.push({ field: "connector.galleryName", message: "is empty; expected the app's name in the Entra gallery" });
  } else if (galleryName !== undefined) {
    const problem = galleryName.length > MAX_NAME_LENGTH ? `is longer than ${MAX_NAME_LENGTH} characters; expected at most ${MAX_NAME_LENGTH}` : literalTextProblem(galleryName);
    if (problem) problems.push({ field: "connector.galleryName", message: problem });
  }
  const extraTargets = options?.extraTargets ?? [];
  if (!Array.isArray(extraTargets)) {
    problems.push({ field: "connector.extraTargets", message: "is not a list; expected a list of SCIM attribute names" });
  } else {
    extraTargets.forEach((target, i) => {
      if (typeof target !== "string" || !isScimAttributeName(target)) {
        const shown = typeof target === "string" && target.length <= 80 ? JSON.stringify(target) : "the value";
        problems.push({
          field: `connector.extraTargets[${i}]`,
          message: `${shown} is not a SCIM attribute name; expected a name such as "costCenter", "urn:ietf:params:scim:schemas:extension:acme:2.0:User:badge" or 'phoneNumbers[type eq "pager"].value'`,
        });
      }
    });
  }
  const nonGallery = options?.galleryName === undefined && options?.templateId === undefined;
  return {
    key: "genericScim",
    galleryName: options?.galleryName ?? "Non-gallery SCIM app",
    templateId: options?.templateId ?? (nonGallery ? NON_GALLERY_TEMPLATE_ID : undefined),
    syncTemplateId: nonGallery ? "scim" : undefined,
    tenantUrl: { kind: "fromApp" },
    objects: validObjects ? [...(objects as ObjectKind[])].sort((a, b) => (a === "users" ? -1 : b === "users" ? 1 : 0)) : ["users"],
    extraTargets: Array.isArray(extraTargets) ? extraTargets.filter((t) => typeof t === "string" && isScimAttributeName(t)) : [],
    limitations: [],
    problems,
  };
}
