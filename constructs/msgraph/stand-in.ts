/**
 * A stand-in msgraph build. Where the Go module proxy refuses the msgraph version synth pins,
 * `npm run providers -- install --stand-in msgraph=<checkout>` builds the nearest source a team has
 * (an older release or a fork of the provider). Builds from before 0.5.0 have no `environment`
 * argument and reject a provider block that writes it; `npm run -s providers -- env` then exports
 * this variable, and synth leaves the argument out. Without it the provider's default cloud, the
 * public one, is used: the same cloud `environment = "global"` names, so nothing else changes.
 */
export const MSGRAPH_WITHOUT_ENVIRONMENT_ENV = "ENTRA_PROVISIONING_MSGRAPH_WITHOUT_ENVIRONMENT";

/** True when the installed msgraph is a stand-in without `environment` (the variable is "1"). */
export function msgraphWithoutEnvironment(env: NodeJS.ProcessEnv = process.env): boolean {
  return env[MSGRAPH_WITHOUT_ENVIRONMENT_ENV] === "1";
}
