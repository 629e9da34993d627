export {
  type CaseStoreConfig,
  createCaseStore,
  createDocumentClient,
  IDEMPOTENCY_TTL_SECONDS,
  MAX_DAILY_RANGE_DAYS,
  MAX_PAGE_SIZE,
  SENT_OUTBOX_TTL_SECONDS,
} from "./case-store.ts";
export {
  applicantIdOf,
  type CommitInput,
  changedItemIds,
  MAX_TRANSACTION_ACTIONS,
  PROCESSED_EVENT_TTL_SECONDS,
  planCommit,
} from "./commit.ts";
export { type CounterDelta, counterDay, counterDeltas, counterKey } from "./counters.ts";
export * from "./errors.ts";
export * from "./keys.ts";
export type * from "./ports.ts";
export {
  type CaseCount,
  type CaseSummary,
  type CaseTimelineEntry,
  type DailyCount,
  type IdempotencyRecord,
  type ItemSummary,
  OPERATOR_TIMELINE_KINDS,
  type OperatorTimelineEntry,
  OperatorTimelineEntrySchema,
  type OperatorTimelineKind,
  type OutboxMessage,
  OutboxMessageSchema,
  type PendingOutboxEntry,
  type StoredCase,
} from "./records.ts";
