export * from "./bundles.ts";
export * from "./calendar.ts";
export * from "./common.ts";
export * from "./dashboard.ts";
export * from "./http.ts";
export * from "./messages.ts";
export * from "./openapi.ts";
export * from "./routes.ts";
