/**
 * App role assignments: who the app provisions when scope is "assigned only". Each assignment
 * names a user (UPN or object id) or a group (display name or object id) and a role found by its
 * display name among the service principal's app roles. Names are looked up through the stack's
 * DirectoryLookups (one lookup per name per stack).
 */
import { AppRoleAssignment } from "@cdktf/provider-azuread/lib/app-role-assignment";
import { DataAzureadServicePrincipal } from "@cdktf/provider-azuread/lib/data-azuread-service-principal";
import { Construct } from "constructs";
import { roleAssignmentImportId } from "./adopt";
import { DirectoryLookups } from "./directory-lookups";
import { isObjectId } from "./props";
import { hclQuoted, templateLiteral } from "./terraform-strings";

export interface Assignment {
  /** A user's UPN or object id. */
  readonly user?: string;
  /** A group's display name or object id. */
  readonly group?: string;
  /** The app role's display name as the portal's assignment dialog shows it, e.g. "User". */
  readonly role: string;
}

export interface AssignmentsProps {
  readonly servicePrincipal: DataAzureadServicePrincipal;
  readonly servicePrincipalObjectId: string;
  readonly assignments: readonly Assignment[];
  /** `<stack>/<app>`, for the precondition message Terraform prints when a role does not exist. */
  readonly where: string;
  /**
   * Existing assignments to import instead of creating them: assignment ids keyed by assignmentKey().
   * @default - every assignment is created
   */
  readonly adopt?: { readonly servicePrincipalObjectId: string; readonly roleAssignments: Readonly<Record<string, string>> };
}

/**
 * What names an assignment's resource: `<user|group>-<principal>-<role>`, "/" written as "_". It
 * comes from what the user named, not the list position, so reordering the list does not replace
 * assignments; adopted assignment ids are keyed by it.
 */
export function assignmentKey(assignment: Assignment): string {
  const kind = assignment.user !== undefined ? "user" : "group";
  return `${kind}-${assignment.user ?? assignment.group}-${assignment.role}`.replace(/\//g, "_");
}

export class Assignments extends Construct {
  /** In declaration order. */
  public readonly roleAssignments: AppRoleAssignment[] = [];

  constructor(scope: Construct, id: string, props: AssignmentsProps) {
    super(scope, id);
    const sp = props.servicePrincipal.fqn;
    props.assignments.forEach((assignment, index) => {
      const kind = assignment.user !== undefined ? "user" : "group";
      const principal = (assignment.user ?? assignment.group) as string;
      const key = assignmentKey(assignment);

      // A name is looked up once per stack (directory-lookups.ts), an object id used as is.
      const lookups = DirectoryLookups.of(this);
      const principalObjectId = isObjectId(principal) ? principal : kind === "user" ? lookups.userObjectId(principal) : lookups.groupObjectId(principal);

      // Gallery roles often have an empty `value`, which the provider's app_role_ids map skips, so
      // the role is matched on its display name (terraform-side.md 1.6), quoted as an HCL string.
      const matching = `[for r in ${sp}.app_roles : r.id if r.display_name == ${hclQuoted(assignment.role)}]`;
      const resource = new AppRoleAssignment(this, key, {
        resourceObjectId: props.servicePrincipalObjectId,
        principalObjectId,
        appRoleId: `\${one(${matching})}`,
        lifecycle: {
          precondition: [
            {
              condition: `\${length(${matching}) == 1}`,
              errorMessage: `${templateLiteral(`${props.where}: assignments[${index}].role: the app has no role named ${JSON.stringify(assignment.role)}`)}; expected one of \${join(", ", [for r in ${sp}.app_roles : r.display_name])}`,
            },
          ],
        },
      });
      const adopted = props.adopt?.roleAssignments[key];
      if (adopted !== undefined) resource.importFrom(templateLiteral(roleAssignmentImportId(props.adopt!.servicePrincipalObjectId, adopted)));
      this.roleAssignments.push(resource);
    });
  }
}
