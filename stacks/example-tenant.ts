/**
 * The example tenant: the four gallery apps of Microsoft's provisioning tutorials (iPass
 * SmartConnect, iProva, Airstack, SmartFile), each declared as its tutorial clicks it together.
 * `npm run synth` writes cdktf.out/stacks/example-tenant/{cdk.tf.json,provisioning.json}.
 */
import type { Construct } from "constructs";
import { Connectors, EntraTenantStack, ScimProvisionedApp } from "../constructs";

export class ExampleTenantStack extends EntraTenantStack {
  constructor(scope: Construct, id = "example-tenant") {
    super(scope, id, {
      tenantId: "00000000-0000-0000-0000-000000000000",
      environment: "global",
      // TF_VAR_<app>_secret_token whatever stacks you add beside this one: a stack of yours that
      // declares the same app ids reads TF_VAR_<your stack>_<app>_secret_token instead.
      tokenVariableNames: "byApp",
    });

    // iPass SmartConnect, users only; usernames must be in registered domains.
    new ScimProvisionedApp(this, "ipass", {
      connector: Connectors.ipassSmartConnect({ registeredDomains: ["contoso.com"] }),
      notifications: { email: "idm-team@contoso.com" },
      accidentalDeletions: { threshold: 50 },
      assignments: [{ user: "pilot.user@contoso.com", role: "User" }],
      // The tutorial: validate with a few users before going broad.
      onDemand: { users: ["pilot.user@contoso.com"] },
    });

    // iProva, users and groups, permanent token.
    new ScimProvisionedApp(this, "iprova", {
      connector: Connectors.iprova(),
      notifications: { email: "idm-team@contoso.com" },
      assignments: [
        { group: "iProva Users", role: "User" },
        { user: "pilot.user@contoso.com", role: "User" },
      ],
      userMappings: [{ target: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", source: "[department]" }],
      userScope: [{ name: "Employees", all: [{ attribute: "employeeType", operator: "EQUALS", values: ["Employee"] }] }],
    });

    // Airstack, users only.
    new ScimProvisionedApp(this, "airstack", {
      connector: Connectors.airstack(),
      notifications: { email: "idm-team@contoso.com" },
      assignments: [{ group: "Airstack Users", role: "User" }],
    });

    // SmartFile, users and groups, token ProductKey:ProductPassword, hard deletes only.
    new ScimProvisionedApp(this, "smartfile", {
      connector: Connectors.smartFile({ siteName: "demo1test" }),
      notifications: { email: "idm-team@contoso.com", sendOnFailure: true },
      assignments: [{ group: "SmartFile Users", role: "User" }],
      provisioning: "on",
      scope: "assignedOnly",
    });
  }
}
