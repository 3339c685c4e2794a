/**
 * The role functions over [appRoleAssignments] (customize-application-attributes.md, "Provisioning
 * a role to a SCIM app"): the object's app role assignments to this app.
 */
import type { AppRoleAssignmentSource } from "../types";
import { ComplexValues, isMulti, RoleAssignments, type Val } from "../values";
import type { Builtin } from "./call";

function rolesOf(v: Val): readonly AppRoleAssignmentSource[] {
  if (v instanceof RoleAssignments) return v.roles;
  if (isMulti(v)) return v.map((value) => ({ value }));
  if (typeof v === "string" && v !== "") return [{ value: v }];
  return [];
}

/**
 * "Returns a single appRoleAssignment ... converts the appRoleAssignments object into a single role
 * name string": the role's value. With several roles "there's no guarantee which role is
 * provisioned"; here, the first.
 */
const SingleAppRoleAssignment: Builtin = (c) => rolesOf(c.value(0))[0]?.value ?? null;

/**
 * Every role as a SCIM complex value, primary false, as the doc's example request shows it:
 * `{ "primary": false, "type": "WindowsAzureActiveDirectoryRole", "displayName": "Admin", "value": "Admin" }`.
 */
const AppRoleAssignmentsComplex: Builtin = (c) => {
  const roles = rolesOf(c.value(0));
  if (roles.length === 0) return null;
  return new ComplexValues(roles.map((r) => ({ primary: false, type: "WindowsAzureActiveDirectoryRole", displayName: r.displayName ?? r.value, value: r.value })));
};

/**
 * The same roles, sent with PATCH replace (roles removed in Entra are removed in the app); the
 * doc's example request names the display name `display` here, as SCIM does.
 */
const AssertiveAppRoleAssignmentsComplex: Builtin = (c) => {
  const roles = rolesOf(c.value(0));
  if (roles.length === 0) return null;
  return new ComplexValues(roles.map((r) => ({ primary: false, type: "WindowsAzureActiveDirectoryRole", display: r.displayName ?? r.value, value: r.value })));
};

export const ROLE_FUNCTIONS: Readonly<Record<string, Builtin>> = { AppRoleAssignmentsComplex, AssertiveAppRoleAssignmentsComplex, SingleAppRoleAssignment };
