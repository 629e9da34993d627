export * from "./dead-letters.ts";
export * from "./errors.ts";
export * from "./ops.ts";
export * from "./places.ts";
export * from "./queues.ts";
export * from "./redispatch.ts";
export * from "./redrive.ts";
