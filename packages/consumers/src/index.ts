export { createEventsHandler, type EventsHandlerDeps } from "./events.ts";
export { createOrchestratorHandler } from "./orchestrator.ts";
export { QUEUE_POLICY, type QueuePolicy, queuePolicyOf } from "./queue-policy.ts";
export { createResultsHandler } from "./results.ts";
export * from "./sweep.ts";
export * from "./sweeper.ts";
