/**
 * The tenant URLs the example tenant's apps are configured with, as their Entra tutorials give
 * them (seeds 000-004). Written here from the tutorials, not read from constructs/: the sandbox
 * never imports our constructs.
 */
export const SEEDED_TENANT_URLS = {
  /** Seed 000: iPass SmartConnect's documented tenant URL. */
  ipass: "https://openmobile.ipass.com/moservices/scim/v1",
  /** Seed 002. */
  iprova: "https://identitymanagement.services.iProva.nl/scim",
  /** Seed 003. */
  airstack: "https://api-as.lenovosoftware.com/0/as/common/scim",
  /** Seed 004, site name "demo1test" as the example tenant declares it: https://<siteName>.smartfile.com/ftp/scim. */
  smartfile: "https://demo1test.smartfile.com/ftp/scim",
} as const;
