export * from "./handler.ts";
export * from "./sweep.ts";
