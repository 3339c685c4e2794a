/**
 * The project's `App`: cdktf's App, with user errors printed as their one house-format line from
 * the start (constructs/errors.ts). cdktf's own App gets the same once an EntraTenantStack or a
 * guardrail failure exists; this one also covers a mistake made before the first stack.
 */
import { App as CdktfApp, type AppConfig } from "cdktf";
import { installOneLineErrors } from "./errors";

export { oneLineError } from "./errors";

export class App extends CdktfApp {
  constructor(config?: AppConfig) {
    super(config);
    installOneLineErrors();
  }
}
