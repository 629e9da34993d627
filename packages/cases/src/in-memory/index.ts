/**
 * In-memory adapters of the use cases' ports, for tests (never in a Lambda bundle: a subpath of its own).
 * Same contract as `@onething/store` and `@onething/messaging`: version check, processed-event markers, the
 * outbox pending until marked sent, idempotency keys that expire.
 */
export { createInMemoryCaseStore, type InMemoryCaseStore, type InMemoryOutboxEntry } from "./case-store.ts";
export { createInMemoryIdempotency } from "./idempotency.ts";
export { createInMemoryOffers, type InMemoryOffers } from "./offers.ts";
export { createInMemoryQueues, type InMemoryQueues } from "./queues.ts";
