import { DynamoDBClient, TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { describe, expect, it } from "vitest";
import { CONFLICT_RETRIES, createNoticeFamily } from "../src/families/notices.ts";

const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: "cn-north-1" }));
const family = createNoticeFamily({ client, tableName: "t" }, (id) => `h:${id}`);
const change = {
  noticeId: "ntc_AAAAAAAAAAAAAAAAAAAAAAAA",
  channel: "sms" as const,
  from: { state: "sent" as const, attempts: 1, messageId: "m-1" },
  to: { state: "delivered" as const, attempts: 1, messageId: "m-1" },
  nextDue: undefined,
  metrics: ["delivered" as const],
  bundleId: "after-death",
  place: "330212",
  dropPhone: true,
};
const canceled = (code: string) =>
  new TransactionCanceledException({
    message: "cancelled",
    $metadata: {},
    CancellationReasons: [{ Code: code === "ConditionalCheckFailed" ? code : "None" }, { Code: code }],
  });

describe("a channel change", () => {
  it("is retried when its transaction conflicts on the shared counter, and then stored", async () => {
    const mock = mockClient(client);
    mock
      .on(TransactWriteCommand)
      .rejectsOnce(canceled("TransactionConflict"))
      .rejectsOnce(canceled("TransactionConflict"))
      .resolves({});
    try {
      expect(await family.updateChannel(change)).toBe(true);
      expect(mock.commandCalls(TransactWriteCommand)).toHaveLength(3);
      const [notice] = mock.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
      expect(notice?.Update?.UpdateExpression).toContain("REMOVE gsi3pk, gsi3sk, phone");
    } finally {
      mock.restore();
    }
  });

  it("is not stored when the channel changed first (false), and throws only when conflicts go on", async () => {
    const mock = mockClient(client);
    try {
      mock.on(TransactWriteCommand).rejects(canceled("ConditionalCheckFailed"));
      expect(await family.updateChannel(change)).toBe(false);
      mock.reset();
      mock.on(TransactWriteCommand).rejects(canceled("TransactionConflict"));
      await expect(family.updateChannel(change)).rejects.toThrow();
      expect(mock.commandCalls(TransactWriteCommand)).toHaveLength(CONFLICT_RETRIES);
    } finally {
      mock.restore();
    }
  });
});
