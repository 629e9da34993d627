export { createCalendarStore } from "./calendar-store.ts";
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
  type PlanOptions,
  PROCESSED_EVENT_TTL_SECONDS,
  planCommit,
} from "./commit.ts";
export {
  type AnsweredAttempt,
  activityDeltas,
  answeredAttempts,
  type CounterDelta,
  counterDay,
  counterDeltas,
  counterKey,
  counterMinute,
  isCaseOverdue,
  MINUTE_COUNTER_TTL_SECONDS,
  type Transition,
} from "./counters.ts";
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
  type MinuteCount,
  OperatorTimelineEntrySchema,
  type OutboxMessage,
  OutboxMessageSchema,
  type PendingOutboxEntry,
  type StoredCase,
} from "./records.ts";
export {
  applicantIndexHash,
  beijingDayStart,
  type CaseOwner,
  MIN_APPLICANT_INDEX_KEY_LENGTH,
  planCaseSearch,
  type SearchPlan,
} from "./search.ts";
