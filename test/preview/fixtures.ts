/**
 * A synth output with one app (hand-written manifest, as the review tests do), Graph users and
 * groups files, and a way to run the preview CLI in-process.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../cli/preview";
import type { AppManifest } from "../../manifest/schema";
import { AIRSTACK, clone, manifest, writeOut } from "../review/manifests";

/** A replace-mode app (no template needed): assigned users and groups, one scoping filter, roles. */
export function hrApp(): AppManifest {
  const app = clone(AIRSTACK);
  return {
    ...app,
    id: "hr",
    displayName: "HR portal",
    scope: "assignedOnly",
    assignments: [
      { principalType: "user", principal: "ada@contoso.com", role: "Admin" },
      { principalType: "group", principal: "Staff", role: "User" },
    ],
    mappingMode: "replace",
    users: {
      matchingAttribute: "userName",
      mappings: [
        { target: "userName", source: "[userPrincipalName]", matching: 1, apply: "always" },
        { target: "active", source: 'Switch([IsSoftDeleted], , "False", "True", "True", "False")', apply: "always" },
        { target: "displayName", source: "[displayName]", apply: "always" },
        { target: 'emails[type eq "work"].value', source: "[mail]", apply: "always" },
        { target: "title", source: "[jobTitle]", defaultValue: "Employee", apply: "always" },
        { target: "roles", source: "AssertiveAppRoleAssignmentsComplex([appRoleAssignments])", apply: "always" },
        { target: "externalId", source: "[extensionAttribute1]", apply: "always" },
      ],
      removed: [],
      scope: [{ name: "Contoso", all: [{ attribute: "userPrincipalName", operator: "REGEX MATCH", values: ["@contoso\\.com$"] }] }],
      removedScope: [],
      targetAttributes: [],
      requiredClauses: [],
    },
  };
}

export function outWith(...apps: AppManifest[]): string {
  return writeOut(manifest(apps));
}

export const USERS = {
  value: [
    { id: "u-ada", userPrincipalName: "ada@contoso.com", displayName: "Ada Lovelace", mail: "ada@contoso.com", accountEnabled: true, jobTitle: "Engineer", onPremisesExtensionAttributes: { extensionAttribute1: "E1" } },
    { id: "u-bob", userPrincipalName: "bob@contoso.com", displayName: "Bob", mail: null, accountEnabled: false },
    { id: "u-carol", userPrincipalName: "carol@contoso.com", displayName: "Carol", accountEnabled: true },
    { id: "u-dave", userPrincipalName: "dave@fabrikam.com", displayName: "Dave", accountEnabled: true },
  ],
};

export const GROUPS = [{ id: "g-staff", displayName: "Staff", members: [{ id: "u-bob" }, { id: "u-dave" }] }];

export function file(name: string, content: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), "preview-in-"));
  const path = join(dir, name);
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content, null, 2));
  return path;
}

export function preview(args: string[], now = new Date("2024-05-01T08:00:00Z")): { code: number; out: string; err: string } {
  let out = "";
  let err = "";
  const code = main(args, { stdout: { write: (s: string) => ((out += s), true) }, stderr: { write: (s: string) => ((err += s), true) } }, now);
  return { code, out, err };
}
