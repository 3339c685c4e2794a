import { TerraformVariable } from "cdktf";
import { Connectors, EntraTenantStack, ScimProvisionedApp, type ScimProvisionedAppProps, ValidationError } from "../../constructs";
import { Testing } from "cdktf";
import { errorOf, newStack, only, synth } from "../helpers";

/** The message thrown when declaring one app with these props in stack `test`. */
function fails(id: string, props: ScimProvisionedAppProps): string {
  return errorOf(() => new ScimProvisionedApp(newStack(), id, props));
}

describe("guardrails: one line naming the stack, the app and the field", () => {
  test("tenant URL that is not https", () => {
    expect(fails("custom", { connector: Connectors.genericScim({ objects: ["users"] }), tenantUrl: "http://scim.example.com/scim" })).toBe(
      'test/custom: tenantUrl: "http://scim.example.com/scim" is not https; expected an https:// URL (Entra only provisions over TLS)',
    );
  });

  test("tenant URL that does not match its connector", () => {
    expect(fails("iprova", { connector: Connectors.iprova(), tenantUrl: "https://evil.example.com/scim" })).toBe(
      'test/iprova: tenantUrl: "https://evil.example.com/scim" does not match iProva\'s tenant URL; expected "https://identitymanagement.services.iProva.nl/scim" or no tenantUrl',
    );
  });

  test("iPass SmartConnect: the documented URL is the default, an https URL of the admin's own is accepted, checked as for generic SCIM", () => {
    const url = (tenantUrl?: string) => {
      const stack = newStack();
      const app = new ScimProvisionedApp(stack, "ipass", { connector: Connectors.ipassSmartConnect({ registeredDomains: ["contoso.com"] }), tenantUrl });
      const secret = only(synth(stack), "azuread_synchronization_secret");
      return [app.tenantUrl, secret.credential.find((c: any) => c.key === "BaseAddress").value];
    };
    expect(url()).toEqual(["https://openmobile.ipass.com/moservices/scim/v1", "https://openmobile.ipass.com/moservices/scim/v1"]);
    expect(url("https://scim.ipass.contoso.com/scim/v1")).toEqual(["https://scim.ipass.contoso.com/scim/v1", "https://scim.ipass.contoso.com/scim/v1"]);
    const ipass = Connectors.ipassSmartConnect({ registeredDomains: ["contoso.com"] });
    expect(fails("ipass", { connector: ipass, tenantUrl: "http://scim.contoso.com/v1" })).toBe(
      'test/ipass: tenantUrl: "http://scim.contoso.com/v1" is not https; expected an https:// URL (Entra only provisions over TLS)',
    );
    expect(fails("ipass", { connector: ipass, tenantUrl: "https://user:pw@scim.contoso.com/v1" })).toBe(
      'test/ipass: tenantUrl: "https://***@scim.contoso.com/v1" carries credentials (user:password@); expected a plain https URL (the token goes in secretToken)',
    );
    expect(fails("ipass", { connector: ipass, tenantUrl: "https://scim.contoso.com/v1?tenant=a#x" })).toBe(
      'test/ipass: tenantUrl: "https://scim.contoso.com/v1?tenant=a" is followed by a fragment (#...); expected the URL without it (a fragment never reaches the server)',
    );
  });

  test("a fixed tenant URL may be repeated (case of the host and a trailing slash do not matter)", () => {
    const stack = newStack();
    expect(() => new ScimProvisionedApp(stack, "iprova", { connector: Connectors.iprova(), tenantUrl: "https://identitymanagement.services.iprova.nl/scim/" })).not.toThrow();
  });

  test("generic SCIM app without a tenant URL", () => {
    expect(fails("custom", { connector: Connectors.genericScim({ objects: ["users"] }) })).toBe(
      'test/custom: tenantUrl: is missing; expected the app\'s SCIM endpoint, e.g. "https://scim.example.com/scim/v2"',
    );
  });

  test("tenant URL that is not a URL", () => {
    expect(fails("custom", { connector: Connectors.genericScim({ objects: ["users"] }), tenantUrl: "scim.example.com" })).toBe(
      'test/custom: tenantUrl: "scim.example.com" is not a URL; expected an https URL such as "https://scim.example.com/scim/v2"',
    );
  });

  test("SmartFile without a site name (smartFile({}) from JavaScript): one line saying what is missing, no made-up URL", () => {
    const missing = 'test/smartfile: connector.siteName: is missing; expected your SmartFile site name, the <siteName> of https://<siteName>.smartfile.com, e.g. "demo1test"';
    expect(fails("smartfile", { connector: Connectors.smartFile({} as never) })).toBe(missing);
    expect(fails("smartfile", { connector: Connectors.smartFile(undefined as never) })).toBe(missing);
    // A tenantUrl given beside it is not compared with a URL the connector could not make.
    expect(fails("smartfile", { connector: Connectors.smartFile({} as never), tenantUrl: "https://demo1test.smartfile.com/ftp/scim" })).toBe(missing);
    expect(fails("smartfile", { connector: Connectors.smartFile({ siteName: 5 } as never) })).toBe(
      'test/smartfile: connector.siteName: a number is not a DNS label; expected 1-63 letters, digits or hyphens, e.g. "demo1test"',
    );
  });

  test("SmartFile site name that is not a DNS label", () => {
    expect(fails("smartfile", { connector: Connectors.smartFile({ siteName: "my site.smartfile.com" }) })).toBe(
      'test/smartfile: connector.siteName: "my site.smartfile.com" is not a DNS label; expected 1-63 letters, digits or hyphens, e.g. "demo1test"',
    );
  });

  test.each(["Default Access", "msiam_access", "default access"])("assignment with role %s", (role) => {
    expect(fails("airstack", { connector: Connectors.airstack(), assignments: [{ user: "a@contoso.com", role }] })).toBe(
      `test/airstack: assignments[0].role: "${role}" is skipped by Entra provisioning (Microsoft's provisioning tutorials: users assigned with the Default Access role are excluded); expected an application-specific role such as "User"`,
    );
  });

  test("assignment naming neither user nor group", () => {
    expect(fails("airstack", { connector: Connectors.airstack(), assignments: [{ role: "User" }] })).toBe(
      "test/airstack: assignments[0]: names neither a user nor a group; expected exactly one of user (UPN or object id) or group (display name or object id)",
    );
  });

  test("assignment naming both user and group", () => {
    expect(fails("airstack", { connector: Connectors.airstack(), assignments: [{ user: "a@contoso.com", group: "G", role: "User" }] })).toBe(
      "test/airstack: assignments[0]: names both a user and a group; expected exactly one of user or group per assignment",
    );
  });

  test("iPass SmartConnect without registered domains", () => {
    expect(fails("ipass", { connector: Connectors.ipassSmartConnect({ registeredDomains: [] }) })).toBe(
      'test/ipass: connector.registeredDomains: no registered domains given; expected the domains registered in the admin console, e.g. ["contoso.com"]',
    );
    expect(fails("ipass", { connector: Connectors.ipassSmartConnect(undefined as never) })).toBe(
      'test/ipass: connector.registeredDomains: no registered domains given; expected the domains registered in the admin console, e.g. ["contoso.com"]',
    );
  });

  test("iPass SmartConnect with a malformed domain", () => {
    expect(fails("ipass", { connector: Connectors.ipassSmartConnect({ registeredDomains: ["contoso.com", "@fabrikam.com"] }) })).toBe(
      'test/ipass: connector.registeredDomains[1]: "@fabrikam.com" is not a domain name; expected a name such as "contoso.com" (no scheme, no "@", no wildcard)',
    );
  });

  test("invalid notification email", () => {
    expect(fails("iprova", { connector: Connectors.iprova(), notifications: { email: "idm-team" } })).toBe(
      'test/iprova: notifications.email: "idm-team" is not an email address; expected one address such as "idm-team@contoso.com"',
    );
  });

  test.each([0, -5, 2.5, "500"])("deletion threshold %p that is not a positive integer", (threshold) => {
    expect(fails("iprova", { connector: Connectors.iprova(), accidentalDeletions: { threshold: threshold as number } })).toBe(
      `test/iprova: accidentalDeletions.threshold: ${JSON.stringify(threshold)} is not a positive integer; expected the number of deletions in one cycle that stops the job, e.g. 500`,
    );
  });

  test("two apps in one stack with the same display name", () => {
    const stack = newStack();
    new ScimProvisionedApp(stack, "iprova", { connector: Connectors.iprova() });
    expect(errorOf(() => new ScimProvisionedApp(stack, "iprova2", { connector: Connectors.iprova() }))).toBe(
      'test/iprova2: displayName: "iProva" is already used by app "iprova" in this stack; expected a unique display name per app',
    );
  });

  test("a token given as a plain string literal, never echoed", () => {
    const sentinel = "SENTINEL-TOKEN-7f3a9c";
    const message = fails("airstack", { connector: Connectors.airstack(), secretToken: sentinel });
    expect(message).toBe(
      "test/airstack: secretToken: a plain string would be written in clear into cdk.tf.json; expected a TerraformVariable or a reference such as a Key Vault secret's value (omit it to get a sensitive variable)",
    );
    expect(message).not.toContain(sentinel);
  });

  test("a token given as a reference is accepted", () => {
    const stack = newStack();
    const variable = new TerraformVariable(stack, "kv_token", { type: "string", sensitive: true });
    expect(() => new ScimProvisionedApp(stack, "airstack", { connector: Connectors.airstack(), secretToken: variable.stringValue })).not.toThrow();
  });

  test("group settings on a users-only connector", () => {
    expect(
      fails("airstack", {
        connector: Connectors.airstack(),
        groupMappings: [{ target: "displayName", source: "[displayName]" }],
        onDemand: { groups: ["G"] },
      }),
    ).toBe(
      [
        "test/airstack: groupMappings: Airstack provisions users only; expected no groupMappings",
        "test/airstack: onDemand.groups: Airstack provisions users only; expected users only in onDemand",
      ].join("\n"),
    );
  });

  test("provisionGroups: true on a users-only connector; group settings while provisionGroups is false", () => {
    expect(fails("airstack", { connector: Connectors.airstack(), provisionGroups: true })).toBe(
      "test/airstack: provisionGroups: Airstack provisions users only; expected provisionGroups unset or false",
    );
    expect(
      fails("iprova", {
        connector: Connectors.iprova(),
        provisionGroups: false,
        groupScope: [{ all: [{ attribute: "displayName", operator: "IS NOT NULL" }] }],
        onDemand: { groups: ["G"] },
      }),
    ).toBe(
      [
        "test/iprova: groupScope: provisionGroups is false; expected no groupScope",
        "test/iprova: onDemand.groups: provisionGroups is false; expected users only in onDemand",
      ].join("\n"),
    );
  });

  test("unknown props and wrong enum values are named", () => {
    expect(fails("iprova", { connector: Connectors.iprova(), provisioning: "yes" as never, scpoe: "x" } as never)).toBe(
      [
        'test/iprova: provisioning: "yes" is not allowed; expected one of "on", "off"',
        'test/iprova: (props): unknown prop "scpoe"; did you mean "scope"?',
      ].join("\n"),
    );
  });

  test("an unknown prop gets a did-you-mean, at any depth; with nothing near, the documented props", () => {
    expect(fails("iprova", { connector: Connectors.iprova(), userMappings: [{ target: "displayName", souce: "[givenName]" }] } as never)).toBe(
      'test/iprova: userMappings[0]: unknown prop "souce"; did you mean "source"?',
    );
    expect(fails("iprova", { connector: Connectors.iprova(), notifications: { email: "a@contoso.com", SendOnFailure: true } } as never)).toBe(
      'test/iprova: notifications: unknown prop "SendOnFailure"; did you mean "sendOnFailure"?',
    );
    expect(fails("iprova", { connector: Connectors.iprova(), notifications: { email: "a@contoso.com", cc: "b@contoso.com" } } as never)).toBe(
      'test/iprova: notifications: unknown prop "cc"; expected one of email, sendOnFailure',
    );
  });

  test("all problems of one app are reported together, one line each, no stack trace", () => {
    const message = fails("smartfile", {
      connector: Connectors.smartFile({ siteName: "-bad-" }),
      notifications: { email: "nobody" },
      assignments: [{ user: "a@contoso.com", role: "Default Access" }],
    });
    expect(message.split("\n")).toEqual([
      'test/smartfile: connector.siteName: "-bad-" is not a DNS label; expected 1-63 letters, digits or hyphens, e.g. "demo1test"',
      'test/smartfile: notifications.email: "nobody" is not an email address; expected one address such as "idm-team@contoso.com"',
      'test/smartfile: assignments[0].role: "Default Access" is skipped by Entra provisioning (Microsoft\'s provisioning tutorials: users assigned with the Default Access role are excluded); expected an application-specific role such as "User"',
    ]);
  });

  test("errors are ValidationErrors carrying the problems", () => {
    try {
      new ScimProvisionedApp(newStack(), "iprova", { connector: Connectors.iprova(), notifications: { email: "x" } });
      throw new Error("not thrown");
    } catch (err) {
      expect(err).toBeInstanceOf(ValidationError);
      expect((err as ValidationError).problems).toEqual([
        { field: "notifications.email", message: '"x" is not an email address; expected one address such as "idm-team@contoso.com"' },
      ]);
    }
  });

  test("tenant stack: tenant id that is neither a GUID nor a domain", () => {
    expect(errorOf(() => new EntraTenantStack(Testing.app(), "prod", { tenantId: "not a tenant" }))).toBe(
      'prod: tenantId: "not a tenant" is neither a GUID nor a domain; expected the tenant id or its initial domain',
    );
  });
});
