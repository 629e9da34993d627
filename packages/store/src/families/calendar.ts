import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { GetCommand, PutCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import type { CalendarRepository, CalendarRevisionJob, StoredCalendarNotice } from "@onething/cases";
import { CalendarYearSchema } from "@onething/domain";
import { z } from "zod";
import { StoreBusyError } from "../errors.ts";
import {
  CALENDAR_NOTICE_SK_PREFIX,
  CALENDAR_PARTITION,
  CALENDAR_REVISION_SK_PREFIX,
  calendarNoticeHistoryKey,
  calendarNoticeKey,
  calendarRevisionKey,
} from "../keys.ts";
import {
  isConditionFailure,
  parseRow,
  queryAll,
  type StoreTable,
  sendTranslated,
  translateError,
  translateTransactionError,
} from "../table.ts";

const NoticeRowSchema = z.object({
  year: z.number().int(),
  notice: CalendarYearSchema,
  version: z.number().int().min(1),
  loadedBy: z.string(),
  loadedAt: z.string(),
});

const RevisionRowSchema = z.object({
  year: z.number().int(),
  version: z.number().int().min(1),
  dueFrom: z.string(),
  notBefore: z.string(),
  createdAt: z.string(),
  departments: z.record(z.string(), z.object({ cursor: z.string().optional(), done: z.boolean() })),
  casesQueued: z.number().int().min(0),
  done: z.boolean(),
  /** Optimistic lock of the walk's progress: one sweeper at a time moves it. */
  revision: z.number().int().min(0),
});

/** How often `putCalendarNotice` re-reads after another import of the same year got in first. */
const PUT_ATTEMPTS = 3;

/**
 * The calendar record family: notices loaded at run time (current + history) and the revision walks. See
 * README.md, "The calendar partition".
 */
export function createCalendarStore(table: StoreTable): CalendarRepository {
  const { client, tableName } = table;
  const queryPrefix = (operation: string, prefix: string) =>
    queryAll(table, operation, {
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
      ExpressionAttributeValues: { ":pk": CALENDAR_PARTITION, ":prefix": prefix },
      ConsistentRead: true,
    });

  const revisionRows = new WeakMap<CalendarRevisionJob, number>();

  return {
    async listCalendarNotices() {
      const rows = await queryPrefix("listCalendarNotices", CALENDAR_NOTICE_SK_PREFIX);
      return rows.map((row) => parseRow(NoticeRowSchema, row) as StoredCalendarNotice);
    },

    async putCalendarNotice({ notice, loadedBy, now, job }) {
      for (let attempt = 1; ; attempt++) {
        const current = await sendTranslated("putCalendarNotice", () =>
          client.send(
            new GetCommand({
              TableName: tableName,
              Key: calendarNoticeKey(notice.year),
              ConsistentRead: true,
            }),
          ),
        );
        const previous = current.Item ? parseRow(NoticeRowSchema, current.Item).version : 0;
        const stored: StoredCalendarNotice = {
          year: notice.year,
          notice,
          version: previous + 1,
          loadedBy,
          loadedAt: now.toISOString(),
        };
        const revision: CalendarRevisionJob = {
          year: notice.year,
          version: stored.version,
          ...job,
          createdAt: stored.loadedAt,
          casesQueued: 0,
          done: false,
        };
        try {
          await client.send(
            new TransactWriteCommand({
              TransactItems: [
                {
                  Put: {
                    TableName: tableName,
                    Item: { ...calendarNoticeKey(notice.year), entity: "calendarNotice", ...stored },
                    ...(previous === 0
                      ? { ConditionExpression: "attribute_not_exists(pk)" }
                      : {
                          ConditionExpression: "#version = :previous",
                          ExpressionAttributeNames: { "#version": "version" },
                          ExpressionAttributeValues: { ":previous": previous },
                        }),
                  },
                },
                {
                  Put: {
                    TableName: tableName,
                    Item: {
                      ...calendarNoticeHistoryKey(notice.year, stored.version),
                      entity: "calendarNoticeHistory",
                      ...stored,
                    },
                  },
                },
                {
                  Put: {
                    TableName: tableName,
                    Item: {
                      ...calendarRevisionKey(notice.year, stored.version),
                      entity: "calendarRevision",
                      ...revision,
                      revision: 0,
                    },
                  },
                },
              ],
            }),
          );
          return stored;
        } catch (error) {
          const lostRace =
            error instanceof TransactionCanceledException &&
            error.CancellationReasons?.[0]?.Code === "ConditionalCheckFailed";
          if (!lostRace) throw translateTransactionError("putCalendarNotice", error);
          // Another import of the same year committed between our read and write: take the next version.
          if (attempt >= PUT_ATTEMPTS) throw new StoreBusyError("contention", "putCalendarNotice", error);
        }
      }
    },

    async listOpenRevisionJobs() {
      const rows = await queryPrefix("listOpenRevisionJobs", CALENDAR_REVISION_SK_PREFIX);
      return rows
        .map((row) => parseRow(RevisionRowSchema, row))
        .filter((row) => !row.done)
        .map(({ revision, ...job }) => {
          revisionRows.set(job, revision);
          return job;
        });
    },

    async saveRevisionJob(job) {
      const expected = revisionRows.get(job) ?? 0;
      try {
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: {
              ...calendarRevisionKey(job.year, job.version),
              entity: "calendarRevision",
              ...job,
              revision: expected + 1,
            },
            ConditionExpression: "#revision = :expected",
            ExpressionAttributeNames: { "#revision": "revision" },
            ExpressionAttributeValues: { ":expected": expected },
          }),
        );
      } catch (error) {
        // Someone else moved the walk since we read it: nothing lost, the next tick reads it again.
        if (isConditionFailure(error)) throw new StoreBusyError("contention", "saveRevisionJob", error);
        throw translateError("saveRevisionJob", error);
      }
      revisionRows.set(job, expected + 1);
    },
  };
}
