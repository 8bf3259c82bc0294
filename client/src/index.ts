// @weir/client: a typed client of the Weir API for scripts and the CLI.
export * from "./apiErrors.ts";
export * from "./weirClient.ts";
export type * as Operations from "./generated/graphql.ts";
