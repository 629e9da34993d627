export * from "./handler.ts";
export * from "./http.ts";
