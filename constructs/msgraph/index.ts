export { MSGRAPH_PROVIDER_VERSION, type MsgraphActionTimeouts, type MsgraphReadTimeouts, type MsgraphRetry, type MsgraphTimeouts } from "./common";
export { MsgraphProvider, type MsgraphProviderConfig } from "./provider";
export { MSGRAPH_ENVIRONMENTS, msgraphEndpoint, msgraphEnvironment, TENANT_ENVIRONMENTS } from "./environment";
export { MsgraphUpdateResource, type MsgraphUpdateResourceConfig } from "./update-resource";
export { MsgraphResourceAction, type MsgraphResourceActionConfig } from "./resource-action";
export { DataMsgraphResource, type DataMsgraphResourceConfig } from "./data-resource";
