/**
 * The --deep test sequence, modelled on Microsoft's SCIM Validator (scimvalidator.microsoft.com,
 * scim-validator-tutorial.md) and its validation Logic App (AzureAD/SCIMReferenceCode,
 * Microsoft.SCIM.LogicAppValidationTemplate, SCIM-Validation-Test-Overview.md), sending what
 * Entra sends (use-scim-to-provision-users-and-groups.md; graph-sync.md section 7). Tests run in
 * this order; a test that needs an object an earlier test failed to make is skipped.
 */
import { randomUUID } from "node:crypto";
import type { CheckResult } from "../checks";
import { call, type DeepContext, ERROR_SCHEMA, Fail } from "./context";
import { GROUP_TESTS } from "./group-tests";
import { USER_DELETE, USER_TESTS } from "./user-tests";

/** One row of a --deep table: verify's check result, plus whether the test was skipped. */
export interface DeepCheck extends CheckResult {
  /** Not run: it does not apply to this app, or an earlier test it needs failed. */
  readonly skipped?: boolean;
}

/** What a test reports when it passes. */
export interface Pass {
  readonly message: string;
  readonly status?: number;
  /** Passed with a reservation. */
  readonly warning?: boolean;
}

export interface DeepTest {
  readonly name: string;
  /** Objects the test works on; missing ones skip it. */
  readonly needs: ReadonlyArray<"user" | "group" | "member">;
  /** Why the test does not apply to this app, or undefined when it does. */
  readonly skip?: (ctx: DeepContext) => string | undefined;
  readonly run: (ctx: DeepContext) => Promise<Pass>;
}

/** Unknown ids: 404 with the SCIM error body, which Entra reads as "does not exist". */
const ERROR_RESPONSE: DeepTest = {
    name: "error-response",
    needs: [],
    run: async (ctx) => {
      const r = await call(ctx, "GET", `Users/${randomUUID()}`);
      if (r.status !== 404) throw new Fail(`GET of an unknown user id answered ${r.status}; expected 404, which Entra reads as "does not exist"`, r.status);
      const body = r.json as { schemas?: unknown; status?: unknown } | undefined;
      if (body === null || typeof body !== "object" || !Array.isArray(body.schemas) || !body.schemas.includes(ERROR_SCHEMA)) {
        throw new Fail(`the 404 has no SCIM error body; answer {"schemas":["${ERROR_SCHEMA}"],"status":"404"} (RFC 7644 section 3.12)`, 404);
      }
      if (String(body.status) !== "404") throw new Fail('the SCIM error body has no "status" of "404"', 404);
      if (typeof body.status !== "string") return { status: 404, warning: true, message: 'SCIM error body; "status" should be the string "404" (RFC 7644 section 3.12)' };
      return { status: 404, message: "404 with a SCIM error body" };
    },
  };

export const DEEP_TESTS: readonly DeepTest[] = [...USER_TESTS, ...GROUP_TESTS, ERROR_RESPONSE, USER_DELETE];
