/**
 * --trust-base: a pull request's manifest cannot send a token to a host the base branch does not
 * already send it to (cli/verify/trust.ts).
 */
import type { AppManifest, Manifest } from "../../manifest/schema";
import { originOf, trustVerdict, trustedOrigins } from "../../cli/verify/trust";

function app(id: string, tenantUrl: string, tokenEnv: string | null = `TF_VAR_${id}_secret_token`): AppManifest {
  return { id, tenantUrl, tokenEnv, tokenVariable: tokenEnv?.replace(/^TF_VAR_/, "") ?? null } as AppManifest;
}
const manifest = (stack: string, apps: AppManifest[]) => ({ stack, apps }) as unknown as Manifest;

const base = trustedOrigins([
  manifest("prod", [app("ipass", "https://openmobile.ipass.com/moservices/scim/v1"), app("vault", "https://scim.vault.example", null)]),
  manifest("test", [app("ipass", "https://staging.ipass.example:8443/scim", "TF_VAR_ipass_secret_token")]),
]);

describe("trustVerdict", () => {
  test("an unchanged tenant URL is trusted", () => {
    expect(trustVerdict(app("ipass", "https://openmobile.ipass.com/moservices/scim/v1"), base)).toEqual({ trusted: true });
  });

  test("another path or query on the same origin is trusted: the token already goes to that server", () => {
    expect(trustVerdict(app("ipass", "https://openmobile.ipass.com/other/scim?x=1"), base)).toEqual({ trusted: true });
  });

  test("any origin the base sends the same variable to is trusted (two stacks sharing a variable on purpose)", () => {
    expect(trustVerdict(app("ipass", "https://staging.ipass.example:8443/v2"), base)).toEqual({ trusted: true });
  });

  test("a new host for an existing token is not trusted, and the reason names both", () => {
    expect(trustVerdict(app("ipass", "https://attacker.example/scim"), base)).toEqual({
      trusted: false,
      reason:
        "not verified: the base branch sends TF_VAR_ipass_secret_token to https://openmobile.ipass.com, https://staging.ipass.example:8443, not to https://attacker.example; review the tenant URL change, it is verified once merged",
    });
  });

  test("a different port or scheme is a different origin", () => {
    expect(trustVerdict(app("ipass", "https://openmobile.ipass.com:444/moservices/scim/v1"), base).trusted).toBe(false);
    expect(trustVerdict(app("ipass", "http://openmobile.ipass.com/moservices/scim/v1"), base).trusted).toBe(false);
  });

  test("credentials in the URL do not change the origin, and are never printed", () => {
    const verdict = trustVerdict(app("ipass", "https://user:secret@attacker.example/scim"), base);
    expect(verdict.trusted).toBe(false);
    expect(JSON.stringify(verdict)).not.toContain("secret@");
  });

  test("a token variable the base does not know (a new app, or a renamed variable) is not sent", () => {
    expect(trustVerdict(app("newapp", "https://openmobile.ipass.com/moservices/scim/v1"), base)).toEqual({
      trusted: false,
      reason: "not verified: the base branch sends no token from TF_VAR_newapp_secret_token; it is verified once the change is merged",
    });
  });

  test("an app that pointed its existing URL at another app's token is not trusted", () => {
    expect(trustVerdict(app("vault", "https://scim.vault.example", "TF_VAR_ipass_secret_token"), base).trusted).toBe(false);
  });

  test("an app whose token is a reference (no variable) reads no token, so there is nothing to withhold", () => {
    expect(trustVerdict(app("vault", "https://elsewhere.example", null), base)).toEqual({ trusted: true });
  });
});

test("originOf: scheme, host and port only; undefined for what is not a URL", () => {
  expect(originOf("https://u:p@Scim.Example.com:443/a?b#c")).toBe("https://scim.example.com");
  expect(originOf("not a url")).toBeUndefined();
});
