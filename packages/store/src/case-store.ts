import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { InvalidStoreRequestError, MissingApplicantIndexKeyError } from "./errors.ts";
import { createCalendarStore } from "./families/calendar.ts";
import { createCaseListFamily } from "./families/case-lists.ts";
import { createCaseFamily } from "./families/cases.ts";
import { createCounterFamily } from "./families/counters.ts";
import { createIdempotencyFamily } from "./families/idempotency.ts";
import { createItemFamily } from "./families/items.ts";
import { createNoticeFamily } from "./families/notices.ts";
import { createOfferFamily } from "./families/offers.ts";
import { createOutboxFamily } from "./families/outbox.ts";
import { createRegistryFamily } from "./families/registry.ts";
import { createSubjectFamily } from "./families/subjects.ts";
import { createTimelineFamily } from "./families/timeline.ts";
import { createPlaceCounterFamily } from "./place-counters.ts";
import type { CaseStore } from "./ports.ts";
import { applicantIndexHash, MIN_APPLICANT_INDEX_KEY_LENGTH } from "./search.ts";

export interface CaseStoreConfig {
  /** A document client made by `createDocumentClient` (it must drop `undefined` values when marshalling). */
  client: DynamoDBDocumentClient;
  tableName: string;
  /**
   * The secret key of the applicant index (HMAC of the applicant's identity; at least 32 characters). Every
   * process that commits or lists a citizen's cases must use the same key. Without it the store reads and keeps
   * its outbox and counters but refuses to commit a case or list a citizen's cases (`MissingApplicantIndexKeyError`):
   * the sweeper, which does neither, holds no key.
   */
  applicantIndexKey?: string;
  /**
   * Extra attempts of a commit cancelled by a transaction conflict. Conflicts come from rows that many cases
   * share — the dashboard counters — and clear within milliseconds, so a short retry here is cheaper than a
   * redelivery of the whole message. Default 2.
   */
  conflictRetries?: number;
}

/**
 * A document client configured as the store needs it. Optional fields of the domain state are often
 * `undefined`, which the marshaller rejects unless told to drop them.
 * @example const store = createCaseStore({ client: createDocumentClient(new DynamoDBClient({})), tableName })
 */
export function createDocumentClient(client: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

/**
 * The DynamoDB single-table case store: one module per record family (`families/`), all over the same table.
 * See README.md for the record types, keys and indexes.
 * @example
 * const store = createCaseStore({ client, tableName: config.tableName });
 * const current = await store.getCase(caseId);
 * await store.commitDecision({ previous: current, next, eventId, timeline, outbox, now });
 */
export function createCaseStore(config: CaseStoreConfig): CaseStore {
  const { client, tableName, applicantIndexKey } = config;
  if (!tableName) throw new InvalidStoreRequestError("tableName is required");
  if (applicantIndexKey !== undefined && applicantIndexKey.length < MIN_APPLICANT_INDEX_KEY_LENGTH)
    throw new InvalidStoreRequestError(
      `applicantIndexKey must be at least ${MIN_APPLICANT_INDEX_KEY_LENGTH} characters`,
    );
  if (client.config.translateConfig?.marshallOptions?.removeUndefinedValues !== true)
    throw new InvalidStoreRequestError(
      "the document client must set marshallOptions.removeUndefinedValues; use createDocumentClient()",
    );
  const applicantHash = (identity: string) => {
    if (applicantIndexKey === undefined) throw new MissingApplicantIndexKeyError();
    return applicantIndexHash(applicantIndexKey, identity);
  };
  const table = { client, tableName };
  return {
    ...createCalendarStore(table),
    ...createCaseFamily(table, { applicantHash, conflictRetries: config.conflictRetries ?? 2 }),
    ...createItemFamily(table),
    ...createTimelineFamily(table),
    ...createOutboxFamily(table),
    ...createIdempotencyFamily(table),
    ...createCaseListFamily(table, applicantHash),
    ...createCounterFamily(table),
    ...createPlaceCounterFamily(table),
    // The registry keys persons and organisations like the applicant index: by the keyed hash of the identity.
    ...createSubjectFamily(table, applicantHash),
    ...createRegistryFamily(table, applicantHash),
    ...createOfferFamily(table, applicantHash),
    ...createNoticeFamily(table, applicantHash),
  };
}
