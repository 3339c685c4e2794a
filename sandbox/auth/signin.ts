/**
 * Sign-in as the clients need it:
 * - `GET /metadata/endpoints?api-version=2022-09-01`: what the azuread provider reads through
 *   `metadata_host` (ARM_METADATA_HOSTNAME): name, resourceManager, microsoftGraphResourceId and
 *   authentication (loginEndpoint, audiences, tenant). Graph and sign-in are this server.
 * - Instance discovery and the OpenID configuration MSAL and azidentity read before a token
 *   (`/{tenant}/v2.0/.well-known/openid-configuration`; the issuer's host is the host the client
 *   called, which is what MSAL checks against the authority).
 * - `POST /{tenant}/oauth2/v2.0/token`, client credentials only, refused as Entra refuses
 *   (Microsoft identity platform error response: error, error_description, error_codes,
 *   timestamp, trace_id, correlation_id, error_uri): an unknown client id is AADSTS700016
 *   (400 unauthorized_client), a wrong secret AADSTS7000215 (401 invalid_client), an unknown
 *   tenant AADSTS90002 (400 invalid_request).
 * The form body holds the client secret: it is compared and dropped, never logged or echoed.
 */
import { randomUUID, timingSafeEqual } from "node:crypto";
import type { Request, Reply, Route } from "../http";
import type { Tenant } from "../tenant";
import { signToken } from "./jwt";

/** Graph's app id and resource URIs a token may be asked for (plus this server's own origin). */
export const GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";
const GRAPH_RESOURCES = ["https://graph.microsoft.com", GRAPH_APP_ID];

const TOKEN_LIFETIME_SECONDS = 3599;

function knownTenant(tenant: Tenant, name: string): boolean {
  const n = name.toLowerCase();
  return n === tenant.state.tenantId || n === tenant.state.domain;
}

/** An OAuth error in Entra's shape. */
function stsError(tenant: Tenant, status: number, error: string, code: number, text: string): Reply {
  const now = tenant.now();
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = now.toISOString().replace("T", " ").replace(/\.\d{3}Z$/, "Z");
  return {
    status,
    body: {
      error,
      error_description: `AADSTS${code}: ${text} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
      error_codes: [code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `https://login.microsoftonline.com/error?code=${code}`,
    },
  };
}

function unknownTenant(tenant: Tenant, name: string): Reply {
  return stsError(
    tenant,
    400,
    "invalid_request",
    90002,
    `Tenant '${name.slice(0, 100)}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
  );
}

function metadata(req: Request, tenant: Tenant): Reply {
  if (req.query.get("api-version") === null) return { status: 400, body: { error: { code: "MissingApiVersionParameter", message: "The api-version query parameter (?api-version=) is required for all requests." } } };
  const self = `${req.origin}/`;
  return {
    status: 200,
    body: {
      name: "EntraSandbox",
      portal: self,
      resourceManager: self,
      microsoftGraphResourceId: self,
      graph: self,
      graphAudience: self,
      authentication: { loginEndpoint: req.origin, audiences: [self], tenant: tenant.state.tenantId, identityProvider: "AAD" },
      suffixes: {},
    },
  };
}

function openIdConfiguration(req: Request, tenant: Tenant): Reply {
  const t = req.params.tenant;
  if (!knownTenant(tenant, t)) return unknownTenant(tenant, t);
  const tid = tenant.state.tenantId;
  const o = req.origin;
  return {
    status: 200,
    body: {
      token_endpoint: `${o}/${tid}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
      jwks_uri: `${o}/${tid}/discovery/v2.0/keys`,
      response_modes_supported: ["query", "fragment", "form_post"],
      subject_types_supported: ["pairwise"],
      id_token_signing_alg_values_supported: ["RS256"],
      response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
      scopes_supported: ["openid", "profile", "email", "offline_access"],
      issuer: `${o}/${tid}/v2.0`,
      request_uri_parameter_supported: false,
      userinfo_endpoint: "https://graph.microsoft.com/oidc/userinfo",
      authorization_endpoint: `${o}/${tid}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${o}/${tid}/oauth2/v2.0/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${o}/${tid}/oauth2/v2.0/logout`,
      claims_supported: ["sub", "iss", "aud", "exp", "iat", "nonce", "tid", "oid"],
      tenant_region_scope: "EU",
      cloud_instance_name: "microsoftonline.com",
      cloud_graph_host_name: "graph.windows.net",
      msgraph_host: "graph.microsoft.com",
      rbac_url: "https://pas.windows.net",
    },
  };
}

function instanceDiscovery(req: Request): Reply {
  const host = new URL(req.origin).host;
  const authorize = req.query.get("authorization_endpoint");
  const tenantPath = authorize ? (/^https:\/\/[^/]+\/([^/]+)\//.exec(authorize)?.[1] ?? "common") : "common";
  return {
    status: 200,
    body: {
      tenant_discovery_endpoint: `${req.origin}/${tenantPath}/v2.0/.well-known/openid-configuration`,
      "api-version": "1.1",
      metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
    },
  };
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function token(req: Request, tenant: Tenant): Reply {
  const t = req.params.tenant;
  if (!knownTenant(tenant, t)) return unknownTenant(tenant, t);
  const form = new URLSearchParams(req.text);
  const grant = form.get("grant_type");
  if (grant !== "client_credentials") {
    return stsError(tenant, 400, "unsupported_grant_type", 70003, `The app requested an unsupported grant type '${(grant ?? "").slice(0, 40)}'. This sandbox signs in applications with client credentials only.`);
  }
  const clientId = form.get("client_id") ?? "";
  const operator = tenant.state.operator;
  if (clientId.toLowerCase() !== operator.appId) {
    return stsError(
      tenant,
      400,
      "unauthorized_client",
      700016,
      `Application with identifier '${clientId.slice(0, 100)}' was not found in the directory '${tenant.state.domain}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
    );
  }
  const secret = form.get("client_secret");
  if (secret === null || secret === "") {
    return stsError(tenant, 401, "invalid_client", 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
  }
  if (!sameSecret(secret, operator.secret)) {
    return stsError(tenant, 401, "invalid_client", 7000215, `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${operator.appId}'.`);
  }
  const scope = (form.get("scope") ?? "").trim();
  const OIDC_SCOPES = ["openid", "profile", "offline_access"];
  if (scope === "") return stsError(tenant, 400, "invalid_request", 90014, "The required field 'scope' is missing from the credential. Ensure that you have all the necessary parameters for the login request.");
  // MSAL (azidentity in the msgraph provider, @azure/identity in our CLIs) adds the OIDC scopes
  // openid, profile and offline_access to every request; Entra ignores them in the client
  // credentials flow, so only the other values must be exactly one `<resource>/.default`.
  const resourceScopes = scope.split(/\s+/).filter((s) => !OIDC_SCOPES.includes(s));
  const m = resourceScopes.length === 1 ? /^(.+)\/\.default$/.exec(resourceScopes[0]) : null;
  const resource = m?.[1];
  const selfResource = resource !== undefined && resource.replace(/\/+$/, "") === req.origin.replace(/\/+$/, "");
  if (!m) {
    return stsError(tenant, 400, "invalid_scope", 1002012, `The provided value for scope ${scope.slice(0, 100)} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`);
  }
  const resourceOk = selfResource || GRAPH_RESOURCES.includes((resource as string).replace(/\/+$/, "")) || /^https:\/\/127\.0\.0\.1:\d+\/?$/.test(resource as string);
  if (!resourceOk) {
    return stsError(
      tenant,
      400,
      "invalid_resource",
      500011,
      `The resource principal named ${(resource as string).slice(0, 100)} was not found in the tenant named ${tenant.state.domain}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
    );
  }
  const now = Math.floor(tenant.now().getTime() / 1000);
  const audience = (resource as string).replace(/\/+$/, "") === GRAPH_APP_ID ? "https://graph.microsoft.com" : (resource as string).replace(/\/+$/, "");
  const accessToken = signToken(
    {
      aud: audience,
      iss: `https://sts.windows.net/${tenant.state.tenantId}/`,
      iat: now,
      nbf: now,
      exp: now + TOKEN_LIFETIME_SECONDS,
      appid: operator.appId,
      azp: operator.appId,
      oid: operator.servicePrincipalId,
      sub: operator.servicePrincipalId,
      tid: tenant.state.tenantId,
      idtyp: "app",
      roles: ["Application.ReadWrite.All", "AppRoleAssignment.ReadWrite.All", "Directory.ReadWrite.All", "Synchronization.ReadWrite.All", "AuditLog.Read.All"],
      ver: "1.0",
    },
    tenant.state.signingKey,
  );
  return { status: 200, headers: { "cache-control": "no-store, no-cache", pragma: "no-cache" }, body: { token_type: "Bearer", expires_in: TOKEN_LIFETIME_SECONDS, ext_expires_in: TOKEN_LIFETIME_SECONDS, access_token: accessToken } };
}

export function signInRoutes(): Route[] {
  return [
    { method: "GET", pattern: "/metadata/endpoints", handler: metadata },
    { method: "GET", pattern: "/{tenant}/v2.0/.well-known/openid-configuration", handler: openIdConfiguration },
    { method: "GET", pattern: "/{tenant}/discovery/instance", handler: instanceDiscovery },
    { method: "POST", pattern: "/{tenant}/oauth2/v2.0/token", handler: token },
  ];
}
