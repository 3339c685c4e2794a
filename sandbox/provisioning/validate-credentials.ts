/**
 * Test Connection (Graph `validateCredentials`) against the target app, as Entra documents it:
 * "Test Connection queries the SCIM endpoint for a user that doesn't exist, using a random GUID
 * as the matching property selected in the Microsoft Entra configuration. The expected correct
 * response is HTTP 200 OK with an empty SCIM ListResponse message."
 * (use-scim-to-provision-users-and-groups).
 *
 * Success is Graph's 204. A failure's status and error body are not documented: the sandbox
 * answers 400 with Graph's error shape, the code being the provisioning service's own
 * (SystemForCrossDomainIdentityManagementCredentialValidationUnavailable / ...Failure, as
 * Entra's portal and public troubleshooting pages show them; UNCONFIRMED as Graph's error.code).
 */
import { randomUUID } from "node:crypto";
import { ScimClient, ScimRequestError } from "./scim-client";
import { readMappings, matchingMappings } from "./schema";
import { readTenantUrl, SettingsError } from "./settings";
import { redactSecrets } from "./redact";
import type { GraphErrorBody, ValidateCredentialsInput, ValidateCredentialsResult } from "./types";

const UNAVAILABLE = "SystemForCrossDomainIdentityManagementCredentialValidationUnavailable";
const FAILURE = "SystemForCrossDomainIdentityManagementCredentialValidationFailure";

function graphError(code: string, message: string, now: Date, newId: () => string): GraphErrorBody {
  return { error: { code, message, innerError: { date: now.toISOString().replace(/\.\d{3}Z$/, ""), "request-id": newId(), "client-request-id": newId() } } };
}

/** The attribute Test Connection filters on: the user mapping's first matching attribute. */
export function testConnectionAttribute(input: Pick<ValidateCredentialsInput, "schema">): string {
  const user = input.schema ? readMappings(input.schema)?.user : undefined;
  return (user && matchingMappings(user)[0]?.targetAttributeName) ?? "userName";
}

export async function validateCredentials(input: ValidateCredentialsInput): Promise<ValidateCredentialsResult> {
  const now = input.now ?? new Date();
  const newId = input.newId ?? randomUUID;
  const fail = (code: string, message: string): ValidateCredentialsResult =>
    redactSecrets({ ok: false as const, status: 400, body: graphError(code, message, now, newId) }, [input.secretToken]);
  let scimRoot: string;
  try {
    scimRoot = readTenantUrl(input.baseAddress).scimRoot;
  } catch (error) {
    if (error instanceof SettingsError) return fail(FAILURE, `${error.message}. Error code: ${FAILURE}`);
    throw error;
  }
  if (!input.secretToken) return fail(UNAVAILABLE, `You appear to have entered invalid credentials: the Secret Token is empty. Error code: ${UNAVAILABLE}`);
  const client = new ScimClient(scimRoot, input.secretToken, input.dispatcher);
  const attribute = testConnectionAttribute(input);
  try {
    await client.query("Users", attribute, newId());
    return { ok: true };
  } catch (error) {
    if (!(error instanceof ScimRequestError)) throw error;
    const where = `Resource: ${error.url} Operation: GET`;
    switch (error.failure) {
      case "unauthorized":
        return fail(
          UNAVAILABLE,
          `You appear to have entered invalid credentials. Please confirm you are using the correct information for an administrative account. Error code: ${UNAVAILABLE} Details: We received this unexpected response from your application: ${where} Response Status Code: ${error.status} Response Content: ${error.detail}`,
        );
      case "unreachable":
        return fail(UNAVAILABLE, `We are not able to connect to your application. Error code: ${UNAVAILABLE} Details: An error occurred while sending the request (${error.detail}). ${where}`);
      default:
        return fail(
          FAILURE,
          `We received this unexpected response from your application while testing the connection. Error code: ${FAILURE} Details: ${where} Response Status Code: ${error.status ?? "none"} Response Content: ${error.detail}`,
        );
    }
  }
}
