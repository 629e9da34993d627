/**
 * The case lists: by status, bundle or department (`listCases`), stale cases, combined searches (planned by the
 * pure `planCaseSearch`), a citizen's or clerk's own cases, and one case's list entry. Index rows either are case
 * rows (their summary is in them) or point at cases, whose summaries are then read in one BatchGetItem per page.
 */
import { BatchGetCommand } from "@aws-sdk/lib-dynamodb";
import { InvalidStoreRequestError, StoreBusyError } from "../errors.ts";
import {
  caseBundlePartition,
  caseKey,
  caseReceivedPartition,
  caseStatusPartition,
  departmentCasesPartition,
  INDEX,
  KEY_ATTRIBUTES,
} from "../keys.ts";
import type { CaseSearchQuery, CaseStore } from "../ports.ts";
import {
  CASE_SUMMARY_ATTRIBUTES,
  CaseDepartmentRowSchema,
  CaseReferenceRowSchema,
  type CaseSummary,
  CaseSummarySchema,
} from "../records.ts";
import {
  decodeOwnCursor,
  decodeSearchCursor,
  encodeOwnCursor,
  encodeSearchCursor,
  filterExpression,
  matchesFilter,
  ownerPartitions,
  planCaseSearch,
  type SearchCursor,
  type SearchPlan,
} from "../search.ts";
import {
  backoffMs,
  checkLimit,
  indexPage,
  parseRow,
  projectionOf,
  query,
  type StoreTable,
  sendTranslated,
  sleep,
  withCursor,
} from "../table.ts";

const MAX_BATCH_GET_ATTEMPTS = 6;
/** Index reads one search page may make before it returns what it found (short) with a cursor. */
const MAX_SEARCH_READS = 8;
const SUMMARY_PROJECTION = ["pk", "sk", ...CASE_SUMMARY_ATTRIBUTES];

type CaseListMethods = "listCases" | "listStaleCases" | "getCaseSummary" | "searchCases" | "listOwnCases";

export function createCaseListFamily(
  table: StoreTable,
  applicantHash: (identity: string) => string,
): Pick<CaseStore, CaseListMethods> {
  const summaries = (caseIds: string[]) => caseSummaries(table, caseIds);
  return {
    async listCases(request) {
      const filters = [request.status, request.bundleId, request.department].filter((f) => f !== undefined);
      if (filters.length !== 1)
        throw new InvalidStoreRequestError("listCases takes exactly one of status, bundleId, department");
      if (request.status !== undefined || request.bundleId !== undefined) {
        const [index, partition] =
          request.status !== undefined
            ? [INDEX.gsi1, caseStatusPartition(request.status)]
            : [INDEX.gsi2, caseBundlePartition(request.bundleId)];
        const page = await indexPage(table, "listCases", index, partition, request, {
          newestFirst: true,
          projection: SUMMARY_PROJECTION,
        });
        return withCursor(
          page.rows.map((row) => parseRow(CaseSummarySchema, row)),
          page.cursor,
        );
      }
      const page = await indexPage(
        table,
        "listCases",
        INDEX.gsi2,
        departmentCasesPartition(request.department),
        request,
        { newestFirst: true, projection: ["pk", "sk", "caseId", "department"] },
      );
      // The department's index rows say which cases and in what order; the case rows give the current summary
      // (status changes that touch none of the department's items do not rewrite its rows).
      const caseIds = page.rows.map((row) => parseRow(CaseDepartmentRowSchema, row).caseId);
      return withCursor(await summaries(caseIds), page.cursor);
    },

    async listStaleCases({ status, updatedBefore, limit, cursor }) {
      // The status index sorts on `<updatedAt>#<caseId>`; every key of a case updated at `updatedBefore` or
      // later sorts after the bare timestamp, so `< updatedBefore` is exactly "last changed before it".
      const page = await indexPage(
        table,
        "listStaleCases",
        INDEX.gsi1,
        caseStatusPartition(status),
        { limit, cursor },
        { sortBefore: updatedBefore.toISOString(), newestFirst: false, projection: SUMMARY_PROJECTION },
      );
      return withCursor(
        page.rows.map((row) => parseRow(CaseSummarySchema, row)),
        page.cursor,
      );
    },

    async getCaseSummary(caseId) {
      const [summary] = await summaries([caseId]);
      return summary;
    },

    searchCases: (request) => searchCases(table, request),

    async listOwnCases({ owner, limit, cursor }) {
      if (owner.kind === "office") {
        const page = await indexPage(
          table,
          "listOwnCases",
          INDEX.gsi2,
          caseReceivedPartition(owner.jurisdiction),
          { limit, cursor },
          { newestFirst: true, projection: ["pk", "sk", "caseId"] },
        );
        const caseIds = page.rows.map((row) => parseRow(CaseReferenceRowSchema, row).caseId);
        return withCursor(await summaries(caseIds), page.cursor);
      }
      checkLimit(limit);
      const partitions = ownerPartitions(owner, applicantHash);
      const before = cursor ? decodeOwnCursor(cursor, partitions) : undefined;
      const pages = await Promise.all(
        partitions.map((partition) =>
          query(table, "listOwnCases", {
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
      const found =
        owner.kind === "applicant"
          ? taken.map(({ row }) => parseRow(CaseSummarySchema, row))
          : await summaries(taken.map(({ row }) => parseRow(CaseReferenceRowSchema, row).caseId));
      const last = taken.at(-1);
      return withCursor(found, more && last ? encodeOwnCursor(partitions, last.sk) : undefined);
    },
  };
}

/** The summaries of cases by id, in the order asked (missing ones left out). */
async function caseSummaries(table: StoreTable, caseIds: string[]): Promise<CaseSummary[]> {
  if (caseIds.length === 0) return [];
  const projection = projectionOf(SUMMARY_PROJECTION);
  const found = new Map<string, CaseSummary>();
  let keys: Record<string, unknown>[] | undefined = [...new Set(caseIds)].map((id) => caseKey(id));
  for (let attempt = 0; keys && keys.length > 0; attempt++) {
    // BatchGetItem answers partially under load (UnprocessedKeys) instead of failing; back off and ask again,
    // a bounded number of times, then report the table as busy like any other throttling.
    if (attempt >= MAX_BATCH_GET_ATTEMPTS) throw new StoreBusyError("throttled", "listCases", undefined);
    if (attempt > 0) await sleep(backoffMs(attempt));
    const requestKeys: Record<string, unknown>[] = keys;
    const result = await sendTranslated("listCases", () =>
      table.client.send(
        new BatchGetCommand({
          RequestItems: {
            [table.tableName]: {
              Keys: requestKeys,
              ProjectionExpression: projection.expression,
              ExpressionAttributeNames: projection.names,
            },
          },
        }),
      ),
    );
    for (const row of result.Responses?.[table.tableName] ?? []) {
      const summary = parseRow(CaseSummarySchema, row);
      found.set(summary.caseId, summary);
    }
    keys = result.UnprocessedKeys?.[table.tableName]?.Keys;
  }
  return caseIds.flatMap((id) => found.get(id) ?? []);
}

async function searchCases(table: StoreTable, request: CaseSearchQuery) {
  checkLimit(request.limit);
  const plan = planCaseSearch(request);
  let position: SearchCursor = request.cursor
    ? decodeSearchCursor(request.cursor, plan)
    : { v: 1, f: plan.fingerprint, p: 0 };
  const found: CaseSummary[] = [];
  for (let reads = 0; found.length < request.limit && reads < MAX_SEARCH_READS; reads++) {
    if (!plan.sources[position.p]) break;
    const page = await searchPage(table, plan, position, request.limit - found.length);
    found.push(...page.summaries);
    position = page.next;
  }
  const more = plan.sources[position.p] !== undefined;
  return withCursor(found, more ? encodeSearchCursor(position) : undefined);
}

/** One read of the plan's current source, and the position after it. */
async function searchPage(table: StoreTable, plan: SearchPlan, position: SearchCursor, limit: number) {
  const source = plan.sources[position.p];
  if (!source) throw new InvalidStoreRequestError("the search has no source at this position");
  const filter = source.caseRows ? filterExpression(plan.filter) : undefined;
  const attributes = KEY_ATTRIBUTES[source.index];
  const names: Record<string, string> = { "#ipk": attributes.pk };
  const values: Record<string, unknown> = { ":partition": source.partition };
  let condition = "#ipk = :partition";
  // BETWEEN is inclusive: a case submitted exactly at the next day's first instant sorts after the bound (its key
  // is `<instant>#<caseId>`), so nothing past the range is read.
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
  const page = await query(table, "searchCases", {
    IndexName: source.index,
    KeyConditionExpression: condition,
    ...(useFilter ? { FilterExpression: filter.expression } : {}),
    ExpressionAttributeNames: { ...names, ...(useFilter ? filter.names : {}) },
    ExpressionAttributeValues: { ...values, ...(useFilter ? filter.values : {}) },
    ScanIndexForward: false,
    Limit: limit,
    ...(position.k ? { ExclusiveStartKey: position.k } : {}),
  });
  const rows = page.Items ?? [];
  const summaries = source.caseRows
    ? rows.map((row) => parseRow(CaseSummarySchema, row))
    : (
        await caseSummaries(
          table,
          rows.map((row) => parseRow(CaseReferenceRowSchema, row).caseId),
        )
      ).filter((s) => matchesFilter(s, plan.filter, source));
  const lastKey = page.LastEvaluatedKey as Record<string, string> | undefined;
  const next: SearchCursor = lastKey
    ? { v: 1, f: plan.fingerprint, p: position.p, k: lastKey }
    : { v: 1, f: plan.fingerprint, p: position.p + 1 };
  return { summaries, next };
}
