/**
 * Hand-written manifests for the review tests, independent of the constructs: one app exercising
 * every field of the manifest, and helpers to write a synth-output directory of them.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MANIFEST_FILE, ManifestSchema, type AppManifest, type Manifest } from "../../manifest/schema";

export const SMARTFILE: AppManifest = {
  id: "smartfile",
  displayName: "SmartFile (prod)",
  connector: { key: "smartFile", galleryName: "SmartFile" },
  tenantUrl: "https://demo1test.smartfile.com/ftp/scim",
  tokenVariable: "smartfile_secret_token",
  tokenEnv: "TF_VAR_smartfile_secret_token",
  objects: ["users", "groups"],
  scope: "assignedOnly",
  provisioning: "on",
  notifications: { email: "idm@contoso.com", sendOnFailure: true },
  accidentalDeletions: { threshold: 25 },
  assignments: [
    { principalType: "group", principal: "SmartFile Users", role: "User" },
    { principalType: "user", principal: "alice@contoso.com", role: "Admin" },
  ],
  mappingMode: "merge",
  schemaDeclared: true,
  users: {
    matchingAttribute: "userName",
    mappings: [
      // Merge mode: only the declared fields; every other one stays as the app has it.
      { target: "userName", source: "[userPrincipalName]", matching: 1 },
      { target: 'emails[type eq "work"].value', source: "[mail]" },
      { target: "title", source: "[jobTitle]", defaultValue: "Employee", apply: "onCreateOnly" },
      { target: "userType", defaultValue: "Member", matching: false },
      { target: "displayName", source: 'Join(" ", [givenName], [surname])' },
    ],
    scope: [
      {
        name: "Contoso sales",
        all: [
          { attribute: "userPrincipalName", operator: "REGEX MATCH", values: [".*@(contoso\\.com)$"] },
          { attribute: "department", operator: "EQUALS", values: ["Sales"] },
        ],
      },
      { name: "Managers", all: [{ attribute: "jobTitle", operator: "IS NOT NULL", values: [] }] },
    ],
    removed: ['phoneNumbers[type eq "work"].value'],
    removedScope: [],
    requiredClauses: [],
    targetAttributes: [{ name: "urn:ietf:params:scim:schemas:extension:acme:2.0:User:badge", type: "Integer", required: true }],
  },
  groups: {
    matchingAttribute: "displayName",
    mappings: [
      { target: "displayName", source: "[displayName]", matching: 1 },
      { target: "members", source: "[members]" },
    ],
    removed: [],
    scope: [],
    removedScope: [],
    requiredClauses: [],
    targetAttributes: [],
  },
  onDemand: { users: ["alice@contoso.com"], groups: ["SmartFile Users"] },
  limitations: ["SmartFile only supports hard deletes.", "Group names are limited to 50 characters | truncated."],
  warnings: [],
  terraform: { secret: "azuread_synchronization_secret.smartfile_credentials_secret_5AB8670E" },
};

/** A users-only app with the defaults: no notifications, no threshold, token from a reference. */
export const AIRSTACK: AppManifest = {
  id: "airstack",
  displayName: "Airstack",
  connector: { key: "airstack", galleryName: "Airstack" },
  tenantUrl: "https://api-as.lenovosoftware.com/0/as/common/scim",
  tokenVariable: null,
  tokenEnv: null,
  objects: ["users"],
  scope: "allUsersAndGroups",
  provisioning: "off",
  notifications: null,
  accidentalDeletions: null,
  assignments: [],
  mappingMode: "replace",
  schemaDeclared: true,
  users: {
    matchingAttribute: "userName",
    mappings: [{ target: "userName", source: "[userPrincipalName]", matching: 1, apply: "always" }],
    removed: [],
    scope: [],
    removedScope: [],
    requiredClauses: [],
    targetAttributes: [],
  },
  groups: null,
  onDemand: null,
  limitations: [],
  warnings: [],
  terraform: {},
};

export function manifest(apps: AppManifest[], stack = "prod", tenantId = "contoso.onmicrosoft.com"): Manifest {
  // Every fixture must be a manifest synth could write.
  return ManifestSchema.parse({ version: 1, stack, tenantId, environment: "global", apps });
}

/** Writes manifests as a synth output directory (<out>/stacks/<stack>/provisioning.json). */
export function writeOut(...manifests: Manifest[]): string {
  const out = mkdtempSync(join(tmpdir(), "review-out-"));
  for (const m of manifests) {
    mkdirSync(join(out, "stacks", m.stack), { recursive: true });
    writeFileSync(join(out, "stacks", m.stack, MANIFEST_FILE), JSON.stringify(m));
  }
  return out;
}

/** A deep copy to edit. */
export const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
