export * from "./delivery.ts";
export * from "./inbox.ts";
export * from "./ports.ts";
export * from "./service.ts";
export * from "./sns.ts";
export * from "./templates.ts";
