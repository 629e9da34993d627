/**
 * Notices (issue 16): the notice rows, the inbox (gsi4 `NOTICES#<hash>`), the retry list (gsi3 `NOTICES_DUE`) and
 * the 送达率 counters. A channel change is one transaction: the notice's update conditioned on the channel as read
 * (state and attempts) and the counters' ADD, so a redelivered receipt or a concurrent claim changes and counts
 * nothing. Every change shares its bundle's and place's counter item, so concurrent changes conflict
 * (`TransactionConflict`): those are retried with a jittered backoff, the condition still deciding.
 */
import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { NewNotice } from "@onething/cases";
import type { TransactItem } from "../commit-rows.ts";
import {
  dueSort,
  NOTICE_COUNTER_PARTITION,
  NOTICES_DUE_PARTITION,
  NoticeCounterRowSchema,
  NoticeRowSchema,
  newNoticeRow,
  noticeCounterKey,
  noticeInboxPartition,
  noticeKey,
  type StoredChannel,
  type StoredNotice,
} from "../notice-rows.ts";
import {
  countAll,
  indexPage,
  isConditionFailure,
  parseRow,
  query,
  queryAll,
  type StoreTable,
  sendTranslated,
  translateTransactionError,
} from "../table.ts";

/** One channel change (the notices package's `ChannelChange`). */
export interface NoticeChannelChange {
  noticeId: string;
  channel: "sms" | "push";
  from: StoredChannel;
  to: StoredChannel;
  nextDue: string | undefined;
  metrics: ("sent" | "delivered" | "failed")[];
  bundleId: string;
  place: string;
  /** Remove the phone in the same write (every channel is final after the change). */
  dropPhone: boolean;
}

export interface NoticeCounterRow {
  bundleId: string;
  place: string;
  sent: number;
  delivered: number;
  failed: number;
}

export interface NoticeStore {
  /** Puts new notices given the addressee's identity (offers made outside a case commit, tests). */
  putNewNotices(notices: readonly NewNotice[]): Promise<void>;
  getNotice(noticeId: string): Promise<StoredNotice | undefined>;
  listDueNotices(now: Date, limit: number): Promise<StoredNotice[]>;
  updateChannel(change: NoticeChannelChange): Promise<boolean>;
  /** A person's notices (by ID number or USCC), newest first, and how many are unread. */
  listNoticesOf(
    identity: string,
    request: { limit: number; cursor?: string | undefined },
  ): Promise<{ items: StoredNotice[]; cursor?: string; unread: number }>;
  /** Marks a person's own notice read once: "read", "already" (read before) or "not_found" (absent or not theirs). */
  markNoticeRead(identity: string, noticeId: string, at: Date): Promise<"read" | "already" | "not_found">;
  getNoticeCounters(): Promise<NoticeCounterRow[]>;
}

/** The transaction of one channel change: the notice conditioned on the channel as read, and its counters. */
function channelChangeItems(tableName: string, change: NoticeChannelChange): TransactItem[] {
  const names = { "#ch": change.channel, "#state": "state", "#attempts": "attempts" };
  const removed = [...(change.nextDue ? [] : ["gsi3pk", "gsi3sk"]), ...(change.dropPhone ? ["phone"] : [])];
  const set = change.nextDue ? ", gsi3pk = :duePk, gsi3sk = :dueSk" : "";
  const remove = removed.length > 0 ? ` REMOVE ${removed.join(", ")}` : "";
  const notice: TransactItem = {
    Update: {
      TableName: tableName,
      Key: noticeKey(change.noticeId),
      UpdateExpression: `SET channels.#ch = :to${set}${remove}`,
      ConditionExpression: "channels.#ch.#state = :fromState AND channels.#ch.#attempts = :fromAttempts",
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: {
        ":to": change.to,
        ":fromState": change.from.state,
        ":fromAttempts": change.from.attempts,
        ...(change.nextDue
          ? { ":duePk": NOTICES_DUE_PARTITION, ":dueSk": dueSort(change.nextDue, change.noticeId) }
          : {}),
      },
    },
  };
  const counters: TransactItem[] =
    change.metrics.length === 0
      ? []
      : [
          {
            Update: {
              TableName: tableName,
              Key: noticeCounterKey(change.bundleId, change.place),
              UpdateExpression: `SET #entity = :e, #family = :f, #bundleId = :b, #place = :pl ADD ${change.metrics
                .map((m) => `#${m} :one`)
                .join(", ")}`,
              ExpressionAttributeNames: {
                "#entity": "entity",
                "#family": "family",
                "#bundleId": "bundleId",
                "#place": "place",
                ...Object.fromEntries(change.metrics.map((m) => [`#${m}`, m])),
              },
              ExpressionAttributeValues: {
                ":e": "counter",
                ":f": "notices",
                ":b": change.bundleId,
                ":pl": change.place,
                ":one": 1,
              },
            },
          },
        ];
  return [notice, ...counters];
}

/** Tries of a channel change whose transaction conflicts (another change of the same counter at once). */
export const CONFLICT_RETRIES = 8;
const CONFLICT_BACKOFF_MS = 10;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createNoticeFamily(
  table: StoreTable,
  applicantHash: (identity: string) => string,
): NoticeStore {
  const { tableName } = table;
  const putRows = async (operation: string, rows: TransactItem[]) => {
    for (const row of rows) {
      if (!row.Put) continue;
      try {
        await table.client.send(new PutCommand(row.Put));
      } catch (error) {
        if (isConditionFailure(error)) continue; // already there: its id derives from what caused it
        throw translateTransactionError(operation, error);
      }
    }
  };
  const getNotice = async (noticeId: string) => {
    const out = await sendTranslated("getNotice", () =>
      table.client.send(
        new GetCommand({ TableName: tableName, Key: noticeKey(noticeId), ConsistentRead: true }),
      ),
    );
    return out.Item ? parseRow(NoticeRowSchema, out.Item) : undefined;
  };
  return {
    async putNewNotices(notices) {
      await putRows(
        "putNewNotices",
        notices.map((n) => newNoticeRow(tableName, n, applicantHash(n.addressee))),
      );
    },

    getNotice,

    async listDueNotices(now, limit) {
      const out = await query(table, "listDueNotices", {
        IndexName: "gsi3",
        KeyConditionExpression: "gsi3pk = :p AND gsi3sk <= :now",
        ExpressionAttributeValues: { ":p": NOTICES_DUE_PARTITION, ":now": `${now.toISOString()}#~` },
        Limit: limit,
      });
      return (out.Items ?? []).map((row) => parseRow(NoticeRowSchema, row));
    },

    async updateChannel(change) {
      for (let attempt = 1; ; attempt++) {
        try {
          await table.client.send(
            new TransactWriteCommand({ TransactItems: channelChangeItems(tableName, change) }),
          );
          return true;
        } catch (error) {
          const codes =
            error instanceof TransactionCanceledException
              ? (error.CancellationReasons ?? []).map((r) => r.Code)
              : [];
          if (codes.includes("ConditionalCheckFailed")) return false;
          const conflict =
            codes.includes("TransactionConflict") || (error as Error).name === "TransactionConflictException";
          if (!conflict || attempt >= CONFLICT_RETRIES)
            throw translateTransactionError("updateChannel", error);
          await sleep(Math.random() * CONFLICT_BACKOFF_MS * 2 ** attempt);
        }
      }
    },

    async listNoticesOf(identity, request) {
      const partition = noticeInboxPartition(applicantHash(identity));
      const page = await indexPage(table, "listNoticesOf", "gsi4", partition, request, { newestFirst: true });
      const unread = await countAll(table, "countUnreadNotices", {
        IndexName: "gsi4",
        KeyConditionExpression: "gsi4pk = :p",
        FilterExpression: "attribute_not_exists(readAt)",
        ExpressionAttributeValues: { ":p": partition },
      });
      const items = page.rows.map((row) => parseRow(NoticeRowSchema, row));
      return { items, unread, ...(page.cursor ? { cursor: page.cursor } : {}) };
    },

    async markNoticeRead(identity, noticeId, at) {
      const hash = applicantHash(identity);
      try {
        await table.client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: noticeKey(noticeId),
            UpdateExpression: "SET readAt = :at",
            ConditionExpression: "addresseeHash = :hash AND attribute_not_exists(readAt)",
            ExpressionAttributeValues: { ":at": at.toISOString(), ":hash": hash },
          }),
        );
        return "read";
      } catch (error) {
        if (!isConditionFailure(error)) throw translateTransactionError("markNoticeRead", error);
        const notice = await getNotice(noticeId);
        return notice && notice.addresseeHash === hash ? "already" : "not_found";
      }
    },

    async getNoticeCounters() {
      const rows = await queryAll(table, "getNoticeCounters", {
        KeyConditionExpression: "pk = :p",
        ExpressionAttributeValues: { ":p": NOTICE_COUNTER_PARTITION },
      });
      return rows.map((row) => {
        const r = parseRow(NoticeCounterRowSchema, row);
        return {
          bundleId: r.bundleId,
          place: r.place,
          sent: r.sent ?? 0,
          delivered: r.delivered ?? 0,
          failed: r.failed ?? 0,
        };
      });
    },
  };
}
