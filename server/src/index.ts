// Programmatic entry points of the Weir server, for embedding, tests and benchmarks.
export { resolveConfig, weirConfigSchema, defineConfig, type WeirConfig, type WeirConfigInput } from "./config/weirConfig.ts";
export { startWeirInstance, type WeirInstance } from "./instance/weirInstance.ts";
export { startApiServer, type ApiServer } from "./http/apiServer.ts";
export { openStore, type Store } from "./store/openStore.ts";
export { printWeirSchema } from "./graphql/schema.ts";
export { createApiToken, listApiTokens, revokeApiToken } from "./auth/apiTokens.ts";
export { resolveAuthSettings, type AuthSettings } from "./auth/authSettings.ts";
