/**
 * The environment with which terraform (azuread through ARM_METADATA_HOSTNAME, msgraph through
 * HTTPS_PROXY) and this project's CLIs (@azure/identity through AZURE_*, undici through
 * HTTPS_PROXY) reach a running sandbox, trusting its CA (SSL_CERT_FILE for Go,
 * NODE_EXTRA_CA_CERTS for Node). Loopback is never proxied.
 */
/** The environment lines for a running sandbox (also what `npm run sandbox -- env` prints). */
export function sandboxEnv(s: { port: number; proxyPort: number; tenantId: string; clientId: string; clientSecret: string; caCertFile: string }): Record<string, string> {
  const proxy = `http://127.0.0.1:${s.proxyPort}`;
  const noProxy = "127.0.0.1,localhost,::1";
  return {
    ARM_TENANT_ID: s.tenantId,
    ARM_CLIENT_ID: s.clientId,
    ARM_CLIENT_SECRET: s.clientSecret,
    ARM_METADATA_HOSTNAME: `127.0.0.1:${s.port}`,
    AZURE_TENANT_ID: s.tenantId,
    AZURE_CLIENT_ID: s.clientId,
    AZURE_CLIENT_SECRET: s.clientSecret,
    HTTPS_PROXY: proxy,
    https_proxy: proxy,
    NO_PROXY: noProxy,
    no_proxy: noProxy,
    SSL_CERT_FILE: s.caCertFile,
    NODE_EXTRA_CA_CERTS: s.caCertFile,
  };
}

