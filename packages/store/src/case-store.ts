import { type DynamoDBClient, TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import {
  BatchGetCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { createCalendarStore } from "./calendar-store.ts";
import { type CommitPlan, epochSeconds, planCommit } from "./commit.ts";
import { decodeKeyCursor, decodeTimelineCursor, type ExclusiveStartKey, encodeCursor } from "./cursor.ts";
import {
  CaseNotFoundError,
  EventAlreadyProcessedError,
  IdempotencyKeyConflictError,
  InvalidStoreRequestError,
  MissingApplicantIndexKeyError,
  OutboxEntryNotFoundError,
  StoreBusyError,
  VersionConflictError,
} from "./errors.ts";
import {
  caseBundlePartition,
  caseCounterPartition,
  caseKey,
  casePartition,
  caseStatusPartition,
  dayCounterPartition,
  departmentCasesPartition,
  departmentCounterPartition,
  dueItemsPartition,
  INDEX,
  type IndexName,
  idempotencyKey,
  KEY_ATTRIBUTES,
  minuteCounterPartition,
  openItemsPartition,
  outboxKey,
  PENDING_OUTBOX_PARTITION,
  processedEventKey,
  TIMELINE_SK_PREFIX,
  timelineKey,
} from "./keys.ts";
import type { CaseStore, ListCasesQuery, Page } from "./ports.ts";
import {
  CASE_SUMMARY_ATTRIBUTES,
  CaseCounterRowSchema,
  CaseDepartmentRowSchema,
  CaseReferenceRowSchema,
  CaseRowSchema,
  type CaseSummary,
  CaseSummarySchema,
  type CaseTimelineEntry,
  DayCounterRowSchema,
  DepartmentCounterRowSchema,
  type IdempotencyRecord,
  IdempotencyRecordSchema,
  ItemRowSchema,
  MinuteCounterRowSchema,
  OutboxRowSchema,
  TimelineRowSchema,
} from "./records.ts";
import {
  applicantIndexHash,
  decodeOwnCursor,
  decodeSearchCursor,
  encodeOwnCursor,
  encodeSearchCursor,
  filterExpression,
  MIN_APPLICANT_INDEX_KEY_LENGTH,
  matchesFilter,
  ownerPartitions,
  planCaseSearch,
} from "./search.ts";
import {
  backoffMs,
  checkLimit,
  errorName,
  mapLimit,
  parseRow,
  projectionOf,
  sendTranslated,
  sleep,
  translateCancellation,
  translateError,
  withCursor,
} from "./table.ts";

export { MAX_PAGE_SIZE } from "./table.ts";

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

/** Idempotency keys answer replays for a day, the retry horizon of any client we know of. */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;
/** A sent outbox row is kept a week for investigations, then expires. */
export const SENT_OUTBOX_TTL_SECONDS = 7 * 24 * 60 * 60;
const MAX_BATCH_GET_ATTEMPTS = 6;
/** Index reads one search page may make before it returns what it found (short) with a cursor. */
const MAX_SEARCH_READS = 8;
/** `getDailyCounters` reads one partition per day; a wider range is a report, not a dashboard query. */
export const MAX_DAILY_RANGE_DAYS = 366;

/**
 * A document client configured as the store needs it. Optional fields of the domain state are often
 * `undefined`, which the marshaller rejects unless told to drop them.
 * @example const store = createCaseStore({ client: createDocumentClient(new DynamoDBClient({})), tableName })
 */
export function createDocumentClient(client: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

/**
 * The DynamoDB single-table case store. See README.md for the record types, keys and indexes.
 * @example
 * const store = createCaseStore({ client, tableName: config.tableName });
 * const current = await store.getCase(caseId);
 * await store.commitDecision({ previous: current, next, eventId, timeline, outbox, now });
 */
export function createCaseStore(config: CaseStoreConfig): CaseStore {
  const { client, tableName } = config;
  const conflictRetries = config.conflictRetries ?? 2;
  if (!tableName) throw new InvalidStoreRequestError("tableName is required");
  const { applicantIndexKey } = config;
  if (applicantIndexKey !== undefined && applicantIndexKey.length < MIN_APPLICANT_INDEX_KEY_LENGTH)
    throw new InvalidStoreRequestError(
      `applicantIndexKey must be at least ${MIN_APPLICANT_INDEX_KEY_LENGTH} characters`,
    );
  const applicantHash = (identity: string) => {
    if (applicantIndexKey === undefined) throw new MissingApplicantIndexKeyError();
    return applicantIndexHash(applicantIndexKey, identity);
  };
  if (client.config.translateConfig?.marshallOptions?.removeUndefinedValues !== true)
    throw new InvalidStoreRequestError(
      "the document client must set marshallOptions.removeUndefinedValues; use createDocumentClient()",
    );

  const send = sendTranslated;

  const query = (operation: string, input: Omit<QueryCommandInput, "TableName">) =>
    send(operation, () => client.send(new QueryCommand({ TableName: tableName, ...input })));

  /** Every row of one partition (counter partitions are small: one row per bundle × status at most). */
  const queryAll = async (operation: string, input: Omit<QueryCommandInput, "TableName">) => {
    const rows: Record<string, unknown>[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await query(operation, { ...input, ExclusiveStartKey });
      rows.push(...(page.Items ?? []));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return rows;
  };

  const indexPage = async (
    operation: string,
    index: IndexName,
    partition: string,
    request: { limit: number; cursor?: string | undefined },
    extra: { sortBefore?: string; sortFrom?: string; newestFirst: boolean; projection?: readonly string[] },
  ) => {
    checkLimit(request.limit);
    const attributes = KEY_ATTRIBUTES[index];
    // DynamoDB rejects placeholders an expression does not use, so the sort key's is added only with its condition.
    const names: Record<string, string> = { "#ipk": attributes.pk };
    const values: Record<string, unknown> = { ":partition": partition };
    let condition = "#ipk = :partition";
    if (extra.sortBefore !== undefined && extra.sortFrom !== undefined)
      throw new InvalidStoreRequestError("an index page takes sortBefore or sortFrom, not both");
    if (extra.sortBefore !== undefined) {
      condition += " AND #isk < :before";
      names["#isk"] = attributes.sk;
      values[":before"] = extra.sortBefore;
    }
    if (extra.sortFrom !== undefined) {
      condition += " AND #isk >= :from";
      names["#isk"] = attributes.sk;
      values[":from"] = extra.sortFrom;
    }
    const projection = extra.projection ? projectionOf(extra.projection) : undefined;
    const page = await query(operation, {
      IndexName: index,
      KeyConditionExpression: condition,
      ExpressionAttributeNames: { ...names, ...projection?.names },
      ExpressionAttributeValues: values,
      ...(projection ? { ProjectionExpression: projection.expression } : {}),
      ScanIndexForward: !extra.newestFirst,
      Limit: request.limit,
      ExclusiveStartKey: request.cursor
        ? decodeKeyCursor(request.cursor, attributes.pk, partition)
        : undefined,
    });
    return {
      rows: page.Items ?? [],
      cursor: page.LastEvaluatedKey ? encodeCursor(page.LastEvaluatedKey) : undefined,
    };
  };

  const caseSummaries = async (caseIds: string[]): Promise<CaseSummary[]> => {
    if (caseIds.length === 0) return [];
    const projection = projectionOf(["pk", "sk", ...CASE_SUMMARY_ATTRIBUTES]);
    const found = new Map<string, CaseSummary>();
    let keys: Record<string, unknown>[] | undefined = [...new Set(caseIds)].map((id) => caseKey(id));
    for (let attempt = 0; keys && keys.length > 0; attempt++) {
      // BatchGetItem answers partially under load (UnprocessedKeys) instead of failing; back off and ask again,
      // a bounded number of times, then report the table as busy like any other throttling.
      if (attempt >= MAX_BATCH_GET_ATTEMPTS) throw new StoreBusyError("throttled", "listCases", undefined);
      if (attempt > 0) await sleep(backoffMs(attempt));
      const requestKeys: Record<string, unknown>[] = keys;
      const result = await send("listCases", () =>
        client.send(
          new BatchGetCommand({
            RequestItems: {
              [tableName]: {
                Keys: requestKeys,
                ProjectionExpression: projection.expression,
                ExpressionAttributeNames: projection.names,
              },
            },
          }),
        ),
      );
      for (const row of result.Responses?.[tableName] ?? []) {
        const summary = parseRow(CaseSummarySchema, row);
        found.set(summary.caseId, summary);
      }
      keys = result.UnprocessedKeys?.[tableName]?.Keys;
    }
    return caseIds.flatMap((id) => found.get(id) ?? []);
  };

  return {
    ...createCalendarStore({ client, tableName }),
    async getCase(caseId) {
      const result = await send("getCase", () =>
        client.send(
          new GetCommand({
            TableName: tableName,
            Key: caseKey(caseId),
            ConsistentRead: true,
            ProjectionExpression: "pk, sk, #state, #version",
            ExpressionAttributeNames: { "#state": "state", "#version": "version" },
          }),
        ),
      );
      return result.Item ? parseRow(CaseRowSchema, result.Item) : undefined;
    },

    async commitDecision(input) {
      const plan = planCommit(tableName, input, { applicantHash });
      for (let attempt = 0; ; attempt++) {
        try {
          await client.send(new TransactWriteCommand({ TransactItems: plan.items }));
          return { version: plan.version };
        } catch (error) {
          const mapped = translateCommitError(error, plan, input.next.caseId, input.eventId, input.previous);
          const contention = mapped instanceof StoreBusyError && mapped.reason === "contention";
          if (!contention || attempt >= conflictRetries) throw mapped;
          await sleep(backoffMs(attempt + 1));
        }
      }
    },

    async hasProcessed(caseId, eventId) {
      const result = await send("hasProcessed", () =>
        client.send(
          new GetCommand({
            TableName: tableName,
            Key: processedEventKey(caseId, eventId),
            ConsistentRead: true,
            ProjectionExpression: "pk",
          }),
        ),
      );
      return result.Item !== undefined;
    },

    async markOutboxSent(caseId, eventId, at) {
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: outboxKey(caseId, eventId),
            // Idempotent: a second mark (two senders racing) keeps the first sentAt.
            UpdateExpression:
              "SET sentAt = if_not_exists(sentAt, :at), expiresAt = if_not_exists(expiresAt, :expires) REMOVE gsi1pk, gsi1sk",
            ConditionExpression: "attribute_exists(pk)",
            ExpressionAttributeValues: {
              ":at": at.toISOString(),
              ":expires": epochSeconds(at) + SENT_OUTBOX_TTL_SECONDS,
            },
          }),
        );
      } catch (error) {
        if (errorName(error) === "ConditionalCheckFailedException")
          throw new OutboxEntryNotFoundError(caseId, eventId);
        throw translateError("markOutboxSent", error);
      }
    },

    async listPendingOutbox({ olderThan, limit }) {
      const { rows } = await indexPage(
        "listPendingOutbox",
        INDEX.gsi1,
        PENDING_OUTBOX_PARTITION,
        { limit },
        { sortBefore: olderThan.toISOString(), newestFirst: false },
      );
      return rows.map((row) => parseRow(OutboxRowSchema, row));
    },

    async getTimeline(caseId, { limit, cursor }) {
      checkLimit(limit);
      const pk = casePartition(caseId);
      const start = cursor ? decodeTimelineCursor(cursor, pk, TIMELINE_SK_PREFIX) : undefined;
      const entries: CaseTimelineEntry[] = [];
      let ExclusiveStartKey: ExclusiveStartKey | undefined;
      for (;;) {
        const page = await query("getTimeline", {
          // BETWEEN rather than begins_with, to resume *at* the cursor's row; "TL$" is the first string
          // after every "TL#…" ('$' follows '#'), so the range is exactly the timeline rows.
          KeyConditionExpression: "pk = :pk AND sk BETWEEN :from AND :to",
          ExpressionAttributeValues: { ":pk": pk, ":from": start?.sk ?? TIMELINE_SK_PREFIX, ":to": "TL$" },
          ProjectionExpression: "pk, sk, entries",
          ConsistentRead: true,
          // Every row holds at least one entry, and the first row may be skipped whole, so limit + 1 rows
          // always fill a page.
          Limit: limit + 1,
          ExclusiveStartKey,
        });
        const rows = (page.Items ?? []).map((row) => parseRow(TimelineRowSchema, row));
        for (const [r, row] of rows.entries()) {
          let next = row.sk === start?.sk ? start.skip : 0;
          while (next < row.entries.length && entries.length < limit) {
            const entry = row.entries[next];
            if (entry) entries.push(entry);
            next++;
          }
          if (entries.length === limit) {
            const more =
              next < row.entries.length || r < rows.length - 1 || page.LastEvaluatedKey !== undefined;
            return {
              items: entries,
              ...(more ? { cursor: encodeCursor({ pk, sk: row.sk, skip: next }) } : {}),
            };
          }
        }
        if (!page.LastEvaluatedKey) return { items: entries };
        ExclusiveStartKey = page.LastEvaluatedKey;
      }
    },

    async appendOperatorTimeline(caseId, entry) {
      try {
        await client.send(
          new TransactWriteCommand({
            TransactItems: [
              // Only on a case that exists: a redriven body may name any case id.
              {
                ConditionCheck: {
                  TableName: tableName,
                  Key: caseKey(caseId),
                  ConditionExpression: "attribute_exists(pk)",
                },
              },
              {
                Put: {
                  TableName: tableName,
                  Item: {
                    ...timelineKey(caseId, entry.at, entry.eventId),
                    entity: "timeline",
                    caseId,
                    eventId: entry.eventId,
                    at: entry.at,
                    entries: [entry],
                  },
                  ConditionExpression: "attribute_not_exists(pk)",
                },
              },
            ],
          }),
        );
        return "appended";
      } catch (error) {
        if (!(error instanceof TransactionCanceledException))
          throw translateError("appendOperatorTimeline", error);
        const [caseCheck, row] = error.CancellationReasons ?? [];
        if (caseCheck?.Code === "ConditionalCheckFailed") throw new CaseNotFoundError(caseId);
        if (row?.Code === "ConditionalCheckFailed") return "already_recorded";
        throw translateCancellation("appendOperatorTimeline", error);
      }
    },

    async listCases(request: ListCasesQuery): Promise<Page<CaseSummary>> {
      const filters = [request.status, request.bundleId, request.department].filter((f) => f !== undefined);
      if (filters.length !== 1)
        throw new InvalidStoreRequestError("listCases takes exactly one of status, bundleId, department");
      const projection = ["pk", "sk", ...CASE_SUMMARY_ATTRIBUTES];
      if (request.status !== undefined || request.bundleId !== undefined) {
        const [index, partition] =
          request.status !== undefined
            ? [INDEX.gsi1, caseStatusPartition(request.status)]
            : [INDEX.gsi2, caseBundlePartition(request.bundleId)];
        const page = await indexPage("listCases", index, partition, request, {
          newestFirst: true,
          projection,
        });
        return withCursor(
          page.rows.map((row) => parseRow(CaseSummarySchema, row)),
          page.cursor,
        );
      }
      const page = await indexPage(
        "listCases",
        INDEX.gsi2,
        departmentCasesPartition(request.department),
        request,
        {
          newestFirst: true,
          projection: ["pk", "sk", "caseId", "department"],
        },
      );
      // The department's index rows say which cases and in what order; the case rows give the current summary
      // (status changes that touch none of the department's items do not rewrite its rows).
      const caseIds = page.rows.map((row) => parseRow(CaseDepartmentRowSchema, row).caseId);
      return withCursor(await caseSummaries(caseIds), page.cursor);
    },

    async listStaleCases({ status, updatedBefore, limit, cursor }) {
      // The status index sorts on `<updatedAt>#<caseId>`; every key of a case updated at `updatedBefore` or
      // later sorts after the bare timestamp, so `< updatedBefore` is exactly "last changed before it".
      const page = await indexPage(
        "listStaleCases",
        INDEX.gsi1,
        caseStatusPartition(status),
        { limit, cursor },
        {
          sortBefore: updatedBefore.toISOString(),
          newestFirst: false,
          projection: ["pk", "sk", ...CASE_SUMMARY_ATTRIBUTES],
        },
      );
      return withCursor(
        page.rows.map((row) => parseRow(CaseSummarySchema, row)),
        page.cursor,
      );
    },

    async listOpenItems({ department, dueBefore, dueFrom, limit, cursor }) {
      const page = await indexPage(
        "listOpenItems",
        INDEX.gsi3,
        openItemsPartition(department),
        { limit, cursor },
        {
          newestFirst: false,
          ...(dueBefore ? { sortBefore: dueBefore.toISOString() } : {}),
          ...(dueFrom ? { sortFrom: dueFrom.toISOString() } : {}),
        },
      );
      return withCursor(
        page.rows.map((row) => parseRow(ItemRowSchema, row)),
        page.cursor,
      );
    },

    async listOverdueItems(now, departments, limitPerDepartment) {
      const pages = await mapLimit(departments, 8, (department) =>
        indexPage(
          "listOverdueItems",
          INDEX.gsi1,
          dueItemsPartition(department),
          { limit: limitPerDepartment },
          { sortBefore: now.toISOString(), newestFirst: false },
        ),
      );
      return pages.flatMap((page) => page.rows.map((row) => parseRow(ItemRowSchema, row)));
    },

    async getCounters({ bundleIds, departments }) {
      const [caseRows, departmentRows] = await Promise.all([
        mapLimit(bundleIds, 8, (bundleId) =>
          queryAll("getCounters", {
            KeyConditionExpression: "pk = :pk",
            ExpressionAttributeValues: { ":pk": caseCounterPartition(bundleId) },
          }),
        ),
        mapLimit(departments, 8, (department) =>
          queryAll("getCounters", {
            KeyConditionExpression: "pk = :pk",
            ExpressionAttributeValues: { ":pk": departmentCounterPartition(department) },
          }),
        ),
      ]);
      const compliance = new Map(
        bundleIds.map((bundleId) => [bundleId, { bundleId, answered: 0, onTime: 0 }]),
      );
      const perDepartment = departments.map((department, i) => {
        const totals = { OPEN: 0, OVERDUE: 0, NO_DEADLINE: 0, ANSWERED: 0, ON_TIME: 0, HANDLING_MS: 0 };
        for (const raw of departmentRows[i] ?? []) {
          const row = parseRow(DepartmentCounterRowSchema, raw);
          totals[row.metric] += row.count;
          const bundle = "bundleId" in row && row.bundleId ? compliance.get(row.bundleId) : undefined;
          if (bundle && row.metric === "ANSWERED") bundle.answered += row.count;
          if (bundle && row.metric === "ON_TIME") bundle.onTime += row.count;
        }
        return { department, totals };
      });
      return {
        cases: caseRows.flat().map((row) => parseRow(CaseCounterRowSchema, row)),
        departments: perDepartment.map(({ department, totals }) => ({
          department,
          open: totals.OPEN,
          overdue: totals.OVERDUE,
          noDeadline: totals.NO_DEADLINE,
        })),
        activity: perDepartment.map(({ department, totals }) => ({
          department,
          answered: totals.ANSWERED,
          onTime: totals.ON_TIME,
          handlingMs: totals.HANDLING_MS,
        })),
        compliance: [...compliance.values()],
      };
    },

    async getThroughput(from, to) {
      const start = Math.floor(from.getTime() / 60_000) * 60_000;
      const end = to.getTime();
      if (!(end > start) || end - start > 86_400_000)
        throw new InvalidStoreRequestError("a throughput range runs forward and spans at most a day");
      const hours: string[] = [];
      for (let h = Math.floor(start / 3_600_000) * 3_600_000; h < end; h += 3_600_000)
        hours.push(new Date(h).toISOString().slice(0, 13));
      const fromMinute = new Date(start).toISOString().slice(0, 16);
      const toMinute = new Date(end).toISOString().slice(0, 16);
      const rows = await mapLimit(hours, 8, (hour) =>
        queryAll("getThroughput", {
          KeyConditionExpression: "pk = :pk",
          ExpressionAttributeValues: { ":pk": minuteCounterPartition(hour) },
        }),
      );
      return rows
        .flat()
        .map((row) => parseRow(MinuteCounterRowSchema, row))
        .filter(
          (row) =>
            row.minute >= fromMinute &&
            (row.minute < toMinute || (end % 60_000 !== 0 && row.minute === toMinute)),
        );
    },

    async getCaseSummary(caseId) {
      const [summary] = await caseSummaries([caseId]);
      return summary;
    },

    async searchCases(request) {
      checkLimit(request.limit);
      const plan = planCaseSearch(request);
      let position = request.cursor
        ? decodeSearchCursor(request.cursor, plan)
        : { v: 1 as const, f: plan.fingerprint, p: 0 };
      const found: CaseSummary[] = [];
      const filter = filterExpression(plan.filter);
      for (let reads = 0; found.length < request.limit && reads < MAX_SEARCH_READS; reads++) {
        const source = plan.sources[position.p];
        if (!source) break;
        const attributes = KEY_ATTRIBUTES[source.index];
        const names: Record<string, string> = { "#ipk": attributes.pk };
        const values: Record<string, unknown> = { ":partition": source.partition };
        let condition = "#ipk = :partition";
        if (source.from !== undefined && source.before !== undefined) {
          condition += " AND #isk BETWEEN :from AND :before";
          values[":from"] = source.from;
          values[":before"] = source.before;
        } else if (source.from !== undefined) {
          condition += " AND #isk >= :from";
          values[":from"] = source.from;
        } else if (source.before !== undefined) {
          condition += " AND #isk < :before";
          values[":before"] = source.before;
        }
        if (condition.includes("#isk")) names["#isk"] = attributes.sk;
        const useFilter = source.caseRows && filter !== undefined;
        const page = await query("searchCases", {
          IndexName: source.index,
          KeyConditionExpression: condition,
          ...(useFilter ? { FilterExpression: filter.expression } : {}),
          ExpressionAttributeNames: { ...names, ...(useFilter ? filter.names : {}) },
          ExpressionAttributeValues: { ...values, ...(useFilter ? filter.values : {}) },
          ScanIndexForward: false,
          Limit: request.limit - found.length,
          ...(position.k ? { ExclusiveStartKey: position.k } : {}),
        });
        const rows = page.Items ?? [];
        const summaries = source.caseRows
          ? rows.map((row) => parseRow(CaseSummarySchema, row))
          : (await caseSummaries(rows.map((row) => parseRow(CaseReferenceRowSchema, row).caseId))).filter(
              (s) => matchesFilter(s, plan.filter),
            );
        // BETWEEN is inclusive: a case submitted exactly at the next day's first instant sorts after the bound
        // (its key is `<instant>#<caseId>`), so nothing past the range is read.
        found.push(...summaries);
        const lastKey = page.LastEvaluatedKey as Record<string, string> | undefined;
        position = lastKey
          ? { v: 1, f: plan.fingerprint, p: position.p, k: lastKey }
          : { v: 1, f: plan.fingerprint, p: position.p + 1 };
      }
      const more = plan.sources[position.p] !== undefined;
      return withCursor(found, more ? encodeSearchCursor(position) : undefined);
    },

    async listOwnCases({ owner, limit, cursor }) {
      checkLimit(limit);
      const partitions = ownerPartitions(owner, applicantHash);
      const before = cursor ? decodeOwnCursor(cursor, partitions) : undefined;
      const pages = await Promise.all(
        partitions.map((partition) =>
          query("listOwnCases", {
            IndexName: INDEX.gsi4,
            KeyConditionExpression: before === undefined ? "gsi4pk = :p" : "gsi4pk = :p AND gsi4sk < :before",
            ExpressionAttributeValues: {
              ":p": partition,
              ...(before === undefined ? {} : { ":before": before }),
            },
            ScanIndexForward: false,
            Limit: limit,
          }),
        ),
      );
      // Newest first across the partitions: each gave its newest `limit`, so the first `limit` merged are the
      // newest overall.
      const rows = pages
        .flatMap((page) => page.Items ?? [])
        .map((row) => ({ row, sk: String(row.gsi4sk) }))
        .sort((a, b) => (a.sk < b.sk ? 1 : a.sk > b.sk ? -1 : 0));
      const taken = rows.slice(0, limit);
      const more = rows.length > limit || pages.some((page) => page.LastEvaluatedKey !== undefined);
      const summaries =
        owner.kind === "applicant"
          ? taken.map(({ row }) => parseRow(CaseSummarySchema, row))
          : await caseSummaries(taken.map(({ row }) => parseRow(CaseReferenceRowSchema, row).caseId));
      const last = taken.at(-1);
      return withCursor(summaries, more && last ? encodeOwnCursor(partitions, last.sk) : undefined);
    },

    async getDailyCounters(fromDay, toDay) {
      const days = daysBetween(fromDay, toDay);
      const rows = await mapLimit(days, 8, (day) =>
        queryAll("getDailyCounters", {
          KeyConditionExpression: "pk = :pk",
          ExpressionAttributeValues: { ":pk": dayCounterPartition(day) },
        }),
      );
      return rows.flat().map((row) => parseRow(DayCounterRowSchema, row));
    },

    async claimIdempotencyKey({ scope, key, requestHash, caseId, response, now }) {
      checkScope(scope);
      const record: IdempotencyRecord = {
        scope,
        key,
        requestHash,
        caseId,
        response,
        createdAt: now.toISOString(),
        expiresAt: epochSeconds(now) + IDEMPOTENCY_TTL_SECONDS,
      };
      // TTL deletes expired rows only eventually (typically within days), so an expired row counts as free.
      // The loop covers the row expiring between our failed put and the read of what blocked it.
      for (let attempt = 0; attempt < 3; attempt++) {
        try {
          await client.send(
            new PutCommand({
              TableName: tableName,
              Item: { ...idempotencyKey(scope, key), entity: "idempotency", ...record },
              ConditionExpression: "attribute_not_exists(pk) OR expiresAt <= :now",
              ExpressionAttributeValues: { ":now": epochSeconds(now) },
            }),
          );
          return record;
        } catch (error) {
          if (errorName(error) !== "ConditionalCheckFailedException")
            throw translateError("claimIdempotencyKey", error);
        }
        const existing = await readIdempotency(scope, key);
        if (existing && existing.expiresAt > epochSeconds(now))
          throw new IdempotencyKeyConflictError(existing);
      }
      throw new StoreBusyError("contention", "claimIdempotencyKey", undefined);
    },

    async getIdempotencyKey(scope, key, now) {
      checkScope(scope);
      const record = await readIdempotency(scope, key);
      return record && record.expiresAt > epochSeconds(now) ? record : undefined;
    },
  };

  async function readIdempotency(scope: string, key: string): Promise<IdempotencyRecord | undefined> {
    const result = await send("getIdempotencyKey", () =>
      client.send(
        new GetCommand({ TableName: tableName, Key: idempotencyKey(scope, key), ConsistentRead: true }),
      ),
    );
    return result.Item ? parseRow(IdempotencyRecordSchema, result.Item) : undefined;
  }
}

// ---- helpers ----

function checkScope(scope: string): void {
  // The scope ends where the key begins in the partition key; a '#' in it could make two claims collide.
  if (scope === "" || scope.includes("#"))
    throw new InvalidStoreRequestError(`idempotency scope must be non-empty and contain no '#': ${scope}`);
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function daysBetween(fromDay: string, toDay: string): string[] {
  const from = DAY.test(fromDay) ? Date.parse(`${fromDay}T00:00:00Z`) : Number.NaN;
  const to = DAY.test(toDay) ? Date.parse(`${toDay}T00:00:00Z`) : Number.NaN;
  if (Number.isNaN(from) || Number.isNaN(to))
    throw new InvalidStoreRequestError(`days must be yyyy-mm-dd, got ${fromDay} and ${toDay}`);
  const count = Math.round((to - from) / 86_400_000) + 1;
  if (count < 1 || count > MAX_DAILY_RANGE_DAYS)
    throw new InvalidStoreRequestError(
      `day range must run forward and span at most ${MAX_DAILY_RANGE_DAYS} days`,
    );
  return Array.from({ length: count }, (_, i) => new Date(from + i * 86_400_000).toISOString().slice(0, 10));
}

/** Reads the cancellation reasons, which line up one-to-one with the transaction's actions. */
function translateCommitError(
  error: unknown,
  plan: CommitPlan,
  caseId: string,
  eventId: string,
  previous: { version: number } | undefined,
): unknown {
  if (!(error instanceof TransactionCanceledException)) return translateError("commitDecision", error);
  const reasons = error.CancellationReasons ?? [];
  // The marker first: a replay of an applied event also fails the version check, and "already processed"
  // is the answer that lets the consumer acknowledge instead of retrying.
  if (reasons[plan.markerIndex]?.Code === "ConditionalCheckFailed")
    return new EventAlreadyProcessedError(caseId, eventId);
  if (reasons[plan.caseIndex]?.Code === "ConditionalCheckFailed")
    return new VersionConflictError(caseId, previous?.version);
  return translateCancellation("commitDecision", error);
}
