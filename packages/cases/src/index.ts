export * from "./access.ts";
export * from "./apply-event.ts";
export * from "./errors.ts";
export * from "./outbox.ts";
export * from "./ports.ts";
export * from "./requests.ts";
export * from "./submit.ts";
export * from "./views.ts";
