/** The outbox family: the messages a commit caused, pending (gsi1 `OUTBOX#PENDING`) until marked sent. */
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { OutboxEntryNotFoundError } from "../errors.ts";
import { INDEX, outboxKey, PENDING_OUTBOX_PARTITION } from "../keys.ts";
import type { CaseStore } from "../ports.ts";
import { OutboxRowSchema } from "../records.ts";
import {
  epochSeconds,
  indexPage,
  isConditionFailure,
  parseRow,
  type StoreTable,
  translateError,
} from "../table.ts";

/** A sent outbox row is kept a week for investigations, then expires. */
export const SENT_OUTBOX_TTL_SECONDS = 7 * 24 * 60 * 60;

export function createOutboxFamily(
  table: StoreTable,
): Pick<CaseStore, "markOutboxSent" | "listPendingOutbox"> {
  return {
    async markOutboxSent(caseId, eventId, at) {
      try {
        await table.client.send(
          new UpdateCommand({
            TableName: table.tableName,
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
        if (isConditionFailure(error)) throw new OutboxEntryNotFoundError(caseId, eventId);
        throw translateError("markOutboxSent", error);
      }
    },

    async listPendingOutbox({ olderThan, limit }) {
      const { rows } = await indexPage(
        table,
        "listPendingOutbox",
        INDEX.gsi1,
        PENDING_OUTBOX_PARTITION,
        { limit },
        { sortBefore: olderThan.toISOString(), newestFirst: false },
      );
      return rows.map((row) => parseRow(OutboxRowSchema, row));
    },
  };
}
