export {
  type CaseStoreConfig,
  createCaseStore,
  createDocumentClient,
} from "./case-store.ts";
export {
  applicantIdOf,
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
  durationBucket,
  durationBucketUpperSeconds,
  durationDeltas,
  isCaseOverdue,
  MINUTE_COUNTER_TTL_SECONDS,
  type Transition,
} from "./counters.ts";
export * from "./errors.ts";
export { createCalendarStore } from "./families/calendar.ts";
export { MAX_DAILY_RANGE_DAYS } from "./families/counters.ts";
export { IDEMPOTENCY_TTL_SECONDS, idempotencyOn } from "./families/idempotency.ts";
export type { NoticeChannelChange, NoticeCounterRow, NoticeStore } from "./families/notices.ts";
export type { OfferCounterRow, OfferStore } from "./families/offers.ts";
export { SENT_OUTBOX_TTL_SECONDS } from "./families/outbox.ts";
export { fullTimeline } from "./families/timeline.ts";
export { createWebhookStore } from "./families/webhooks.ts";
export * from "./keys.ts";
export type { StoredChannel, StoredNotice } from "./notice-rows.ts";
export { OFFER_METRICS, type OfferMetric } from "./offer-rows.ts";
export {
  casePlacePath,
  type GetPlaceCounters,
  NO_LEVEL,
  type PlaceCounterDelta,
  type PlaceCounterQuery,
  type PlaceCounterRow,
  type PlaceFigure,
  type PlaceLeaf,
  placeDeltas,
  placeLeafOf,
} from "./place-counters.ts";
export type * from "./ports.ts";
export {
  type CaseCount,
  type CaseSummary,
  type DailyCount,
  type IdempotencyRecord,
  type ItemSummary,
  type MinuteCount,
  OperatorTimelineEntrySchema,
  OutboxMessageSchema,
  type PendingOutboxEntry,
  type SubjectCase,
} from "./records.ts";
export {
  applicantIndexHash,
  beijingDayStart,
  MIN_APPLICANT_INDEX_KEY_LENGTH,
  matchesFilter,
  planCaseSearch,
  type SearchPlan,
} from "./search.ts";
export { MAX_PAGE_SIZE } from "./table.ts";
