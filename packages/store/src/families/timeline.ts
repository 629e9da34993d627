/** The timeline family: one row per applied event (`TL#<at>#<eventId>`) or operator entry, in time order. */
import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import type { CaseTimelineEntry, ReadTimeline } from "@onething/cases";
import { decodeTimelineCursor, type ExclusiveStartKey, encodeCursor } from "../cursor.ts";
import { CaseNotFoundError } from "../errors.ts";
import { caseKey, casePartition, TIMELINE_SK_PREFIX, timelineKey } from "../keys.ts";
import type { CaseStore, GetTimeline } from "../ports.ts";
import { TimelineRowSchema } from "../records.ts";
import {
  checkLimit,
  parseRow,
  query,
  type StoreTable,
  translateCancellation,
  translateError,
} from "../table.ts";

export function createTimelineFamily(
  table: StoreTable,
): Pick<CaseStore, "getTimeline" | "appendOperatorTimeline"> {
  const getTimeline: GetTimeline = async (caseId, { limit, cursor }) => {
    checkLimit(limit);
    const pk = casePartition(caseId);
    const start = cursor ? decodeTimelineCursor(cursor, pk, TIMELINE_SK_PREFIX) : undefined;
    const entries: CaseTimelineEntry[] = [];
    let ExclusiveStartKey: ExclusiveStartKey | undefined;
    for (;;) {
      const page = await query(table, "getTimeline", {
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
  };

  return {
    getTimeline,

    async appendOperatorTimeline(caseId, entry) {
      try {
        await table.client.send(
          new TransactWriteCommand({
            TransactItems: [
              // Only on a case that exists: a redriven body may name any case id.
              {
                ConditionCheck: {
                  TableName: table.tableName,
                  Key: caseKey(caseId),
                  ConditionExpression: "attribute_exists(pk)",
                },
              },
              {
                Put: {
                  TableName: table.tableName,
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
  };
}

/**
 * Every timeline entry of a case, page by page: the store's implementation of the cases' `ReadTimeline`.
 * @example const timeline: ReadTimeline = (caseId) => fullTimeline(store, caseId);
 */
export async function fullTimeline(
  store: Pick<CaseStore, "getTimeline">,
  caseId: string,
): ReturnType<ReadTimeline> {
  const entries: CaseTimelineEntry[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.getTimeline(caseId, { limit: 100, ...(cursor ? { cursor } : {}) });
    entries.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return entries;
}
