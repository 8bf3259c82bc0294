export * from "./events.ts";
export * from "./statuses.ts";
