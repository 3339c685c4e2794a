/**
 * What a stack's apps look up by name in the directory: the users (by UPN) and groups (by display
 * name) they assign or provision on demand, and the gallery application templates they are
 * instantiated from. One lookup per distinct name per stack, however many apps name it: every
 * lookup is a Graph request on every plan.
 *
 * Users and groups:
 * Each lookup is the plural data source with one name (`azuread_users` with
 * `user_principal_names`, `azuread_groups` with `display_names`), not `azuread_user` /
 * `azuread_group`. In azuread 3.7.0 both kinds fail the plan when the name matches no object or
 * more than one (ignore_missing = false, written out: a missing user or group must stop the plan), but the singular ones read more than the id on
 * every plan: `azuread_user` lists the users by UPN, then GETs the user again for its properties
 * and GETs its manager (3 requests); `azuread_group` lists the groups by name, then lists the
 * group's members and its owners (3 requests). The plural ones make the one list request
 * (internal/services/users/users_data_source.go, groups/groups_data_source.go). They also escape
 * a quote in the name for the OData filter, which `azuread_group` does not (a group named
 * "O'Brien's team" made its filter invalid).
 *
 * Application templates: `azuread_application_template` by display name, as before (one request:
 * GET /applicationTemplates with a displayName filter; it fails unless exactly one matches).
 */
import { DataAzureadApplicationTemplate } from "@cdktf/provider-azuread/lib/data-azuread-application-template";
import { DataAzureadGroups } from "@cdktf/provider-azuread/lib/data-azuread-groups";
import { DataAzureadUsers } from "@cdktf/provider-azuread/lib/data-azuread-users";
import { Fn, TerraformStack } from "cdktf";
import { Construct, type IConstruct } from "constructs";
import { templateLiteral } from "./terraform-strings";

const ID = "directory-lookups";

export class DirectoryLookups extends Construct {
  /** The stack's lookups (made on first use). */
  static of(scope: IConstruct): DirectoryLookups {
    const stack = TerraformStack.of(scope);
    const found = stack.node.tryFindChild(ID);
    if (found === undefined) return new DirectoryLookups(stack, ID);
    if (!(found instanceof DirectoryLookups)) throw new Error(`${stack.node.path}: the construct id "${ID}" is taken by another construct; it is reserved for the stack's directory lookups`);
    return found;
  }

  private readonly users = new Map<string, DataAzureadUsers>();
  private readonly groups = new Map<string, DataAzureadGroups>();
  private readonly templates = new Map<string, DataAzureadApplicationTemplate>();

  /** The lookup of a gallery application template by its display name (the connector's gallery name). */
  applicationTemplate(displayName: string): DataAzureadApplicationTemplate {
    let found = this.templates.get(displayName);
    if (!found) {
      found = new DataAzureadApplicationTemplate(this, this.freeId(`template-${displayName}`), { displayName: templateLiteral(displayName) });
      this.templates.set(displayName, found);
    }
    return found;
  }

  /** The lookup of a user by UPN (exactly as written: one per distinct text). */
  user(upn: string): DataAzureadUsers {
    let found = this.users.get(upn);
    if (!found) {
      found = new DataAzureadUsers(this, this.freeId(`user-${upn}`), { userPrincipalNames: [templateLiteral(upn)], ignoreMissing: false });
      this.users.set(upn, found);
    }
    return found;
  }

  /** The lookup of a group by display name (exactly as written: one per distinct text). */
  group(displayName: string): DataAzureadGroups {
    let found = this.groups.get(displayName);
    if (!found) {
      found = new DataAzureadGroups(this, this.freeId(`group-${displayName}`), { displayNames: [templateLiteral(displayName)], ignoreMissing: false });
      this.groups.set(displayName, found);
    }
    return found;
  }

  /** A user's object id: `one(<lookup>.object_ids)` (the lookup fails unless exactly one user has the UPN). */
  userObjectId(upn: string): string {
    return Fn.one(this.user(upn).objectIds);
  }

  /** A group's object id: `one(<lookup>.object_ids)` (the lookup fails unless exactly one group has the name). */
  groupObjectId(displayName: string): string {
    return Fn.one(this.group(displayName).objectIds);
  }

  /** A construct id from a name ("/" is a path separator in construct ids); distinct names never share one. */
  private freeId(base: string): string {
    const id = base.replace(/\//g, "_");
    if (!this.node.tryFindChild(id)) return id;
    for (let i = 2; ; i++) if (!this.node.tryFindChild(`${id}~${i}`)) return `${id}~${i}`;
  }
}
