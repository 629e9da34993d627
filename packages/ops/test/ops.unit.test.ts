// SQS faults the emulator cannot produce on demand (a source queue refusing some entries, a delete lost),
// mocked at the SDK client boundary; the happy paths run against fauxqs in test/platform/ops.int.test.ts.
import {
  DeleteMessageBatchCommand,
  type DeleteMessageBatchCommandInput,
  type Message,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  type SendMessageBatchCommandInput,
  SQSClient,
} from "@aws-sdk/client-sqs";
import { POISON_ATTRIBUTES } from "@onething/messaging";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import {
  createOps,
  InvalidOpsQueryError,
  type OpsQueue,
  redriveDeadLetters,
  UnknownQueueError,
} from "../src/index.ts";

const sqsMock = mockClient(SQSClient);
const sqs = new SQSClient({ region: "us-east-1" });
afterEach(() => sqsMock.reset());

const lines: { level: string; message: string; fields: Record<string, unknown> }[] = [];
const write =
  (level: string) =>
  (message: string, fields: Record<string, unknown> = {}) => {
    lines.push({ level, message, fields });
  };
const log = { info: write("info"), warn: write("warn"), error: write("error") };

const standard: OpsQueue = {
  key: "dept-health",
  url: "http://sqs.local/000000000000/p-dept-health",
  deadLetterUrl: "http://sqs.local/000000000000/p-dept-health-dlq",
};
const fifo: OpsQueue = {
  key: "orchestrator",
  url: "http://sqs.local/000000000000/p-orchestrator.fifo",
  deadLetterUrl: "http://sqs.local/000000000000/p-orchestrator-dlq.fifo",
};

const message = (n: number, extra: Partial<Message> = {}): Message => ({
  MessageId: `dead-${n}`,
  ReceiptHandle: `receipt-${n}`,
  Body: `{"n":${n}}`,
  ...extra,
});

function sendInput(call = 0): Partial<SendMessageBatchCommandInput> {
  return sqsMock.commandCalls(SendMessageBatchCommand)[call]?.args[0].input ?? {};
}
function deleteInput(call = 0): Partial<DeleteMessageBatchCommandInput> {
  return sqsMock.commandCalls(DeleteMessageBatchCommand)[call]?.args[0].input ?? {};
}
const acceptAll = (input: SendMessageBatchCommandInput) => ({
  Successful: (input.Entries ?? []).map((e) => ({
    Id: e.Id,
    MessageId: `new-${e.Id}`,
    MD5OfMessageBody: "",
  })),
  Failed: [],
});

describe("redriveDeadLetters", () => {
  it("deletes from the DLQ only what the source queue accepted", async () => {
    sqsMock
      .on(ReceiveMessageCommand)
      .resolvesOnce({ Messages: [message(1), message(2), message(3)] })
      .resolves({ Messages: [] });
    sqsMock.on(SendMessageBatchCommand).resolves({
      Successful: [
        { Id: "0", MessageId: "new-1", MD5OfMessageBody: "" },
        { Id: "2", MessageId: "new-3", MD5OfMessageBody: "" },
      ],
      Failed: [{ Id: "1", Code: "InternalError", SenderFault: false }],
    });
    sqsMock.on(DeleteMessageBatchCommand).resolves({ Successful: [], Failed: [] });

    const result = await redriveDeadLetters(sqs, standard, log);

    expect(result).toEqual({ moved: 2, failed: 1 });
    expect(sendInput().QueueUrl).toBe(standard.url);
    expect(sendInput().Entries?.map((e) => e.MessageBody)).toEqual(['{"n":1}', '{"n":2}', '{"n":3}']);
    expect(sendInput().Entries?.[0]?.MessageGroupId).toBeUndefined();
    expect(deleteInput().QueueUrl).toBe(standard.deadLetterUrl);
    expect(deleteInput().Entries?.map((e) => e.ReceiptHandle)).toEqual(["receipt-1", "receipt-3"]);
    expect(lines.find((l) => l.message === "dead letter not redriven")?.fields).toEqual({
      queue: "dept-health",
      messageId: "dead-2",
      code: "InternalError",
    });
  });

  it("keeps a FIFO message's group, derives its dedup id from the dead letter, and drops the poison diagnosis", async () => {
    sqsMock
      .on(ReceiveMessageCommand)
      .resolvesOnce({
        Messages: [
          message(1, {
            Attributes: { MessageGroupId: "case-1" },
            MessageAttributes: {
              [POISON_ATTRIBUTES.reason]: { DataType: "String", StringValue: "schema-mismatch" },
              traceId: { DataType: "String", StringValue: "t-1" },
            },
          }),
        ],
      })
      .resolves({ Messages: [] });
    sqsMock.on(SendMessageBatchCommand).callsFake(acceptAll);
    sqsMock.on(DeleteMessageBatchCommand).resolves({});

    expect(await redriveDeadLetters(sqs, fifo, log)).toEqual({ moved: 1, failed: 0 });

    expect(sendInput().Entries?.[0]).toMatchObject({
      MessageBody: '{"n":1}',
      MessageGroupId: "case-1",
      MessageDeduplicationId: "redrive:dead-1",
      MessageAttributes: { traceId: { DataType: "String", StringValue: "t-1" } },
    });
    expect(Object.keys(sendInput().Entries?.[0]?.MessageAttributes ?? {})).toEqual(["traceId"]);
  });

  it("receives at most maxMessages and stops when the source refuses a whole batch", async () => {
    sqsMock.on(ReceiveMessageCommand).callsFake((input: { MaxNumberOfMessages?: number }) => ({
      Messages: Array.from({ length: input.MaxNumberOfMessages ?? 10 }, (_, n) => message(n)),
    }));
    sqsMock.on(SendMessageBatchCommand).callsFake(acceptAll);
    sqsMock.on(DeleteMessageBatchCommand).resolves({});

    expect(await redriveDeadLetters(sqs, standard, log, { maxMessages: 25 })).toEqual({
      moved: 25,
      failed: 0,
    });
    expect(
      sqsMock.commandCalls(ReceiveMessageCommand).map((c) => c.args[0].input.MaxNumberOfMessages),
    ).toEqual([10, 10, 5]);

    sqsMock.reset();
    sqsMock.on(ReceiveMessageCommand).resolves({ Messages: [message(1)] });
    sqsMock
      .on(SendMessageBatchCommand)
      .resolves({ Successful: [], Failed: [{ Id: "0", Code: "KmsThrottled", SenderFault: false }] });

    expect(await redriveDeadLetters(sqs, standard, log)).toEqual({ moved: 0, failed: 1 });
    expect(sqsMock.commandCalls(ReceiveMessageCommand)).toHaveLength(1);
    expect(sqsMock.commandCalls(DeleteMessageBatchCommand)).toHaveLength(0);
  });
});

describe("redriveDeadLetters recording moves in case timelines", () => {
  it("records each moved message whose body names a case, by id only, and goes on when recording fails", async () => {
    const caseMessage = (n: number, caseId: string) =>
      message(n, { Body: JSON.stringify({ type: "TaskDispatched", caseId, inputs: { name: "张三" } }) });
    sqsMock
      .on(ReceiveMessageCommand)
      .resolvesOnce({
        Messages: [
          caseMessage(1, "OT-20260302-AAAAAAAAAA"),
          message(2), // JSON without a caseId
          message(3, { Body: "not json" }),
          caseMessage(4, "OT-20260302-BBBBBBBBBB"),
          caseMessage(5, "not a case id!"),
        ],
      })
      .resolves({ Messages: [] });
    sqsMock.on(SendMessageBatchCommand).callsFake(acceptAll);
    sqsMock.on(DeleteMessageBatchCommand).resolves({});
    const recorded: unknown[] = [];
    lines.length = 0;

    const result = await redriveDeadLetters(sqs, standard, log, {
      recordInTimeline: async (moved) => {
        recorded.push(moved);
        if (moved.caseId.endsWith("B")) throw new Error("table busy");
      },
    });

    expect(result).toEqual({ moved: 5, failed: 0 });
    expect(recorded).toEqual([
      { caseId: "OT-20260302-AAAAAAAAAA", queue: "dept-health", deadLetterMessageId: "dead-1" },
      { caseId: "OT-20260302-BBBBBBBBBB", queue: "dept-health", deadLetterMessageId: "dead-4" },
    ]);
    expect(lines.find((l) => l.message === "redrive not recorded in the case timeline")?.fields).toEqual({
      caseId: "OT-20260302-BBBBBBBBBB",
      queue: "dept-health",
      deadLetterMessageId: "dead-4",
      errorName: "Error",
    });
    expect(JSON.stringify(lines)).not.toContain("张三");
  });
});

describe("createOps", () => {
  const appended: [string, unknown][] = [];
  const ops = createOps({
    store: {
      getCounters: async () => ({ cases: [], departments: [], activity: [], compliance: [] }),
      getOfferCounters: async () => [],
      getNoticeCounters: async () => [],
      searchCases: async () => ({ items: [] }),
      getCaseSummary: async () => undefined,
      getThroughput: async () => [],
      listOpenItems: async () => ({ items: [] }),
      getCase: async () => undefined,
      getDurationHistogram: async () => [],
      getOverdueByDepartment: async () => ({}),
      countEntitlementsOfDead: async () => ({}),
      getPlaceCounters: async () => [],
      appendOperatorTimeline: async (caseId, entry) => {
        appended.push([caseId, entry]);
        return "appended";
      },
    },
    clock: () => new Date("2026-03-02T02:00:00.000Z"),
    sqs,
    bundleIds: ["after-death"],
    departments: ["health"],
    queues: [standard, fifo],
    log,
  });

  it("refuses an unknown queue by name, listing the known ones", async () => {
    const refused = ops.redrive("dept-nowhere");
    await expect(refused).rejects.toBeInstanceOf(UnknownQueueError);
    await expect(refused).rejects.toMatchObject({ status: 404, code: "unknown_queue" });
    expect(sqsMock.calls()).toHaveLength(0);
  });

  it("records a redriven case message in the case's timeline as an operator entry", async () => {
    sqsMock
      .on(ReceiveMessageCommand)
      .resolvesOnce({ Messages: [message(7, { Body: '{"caseId":"OT-20260302-CCCCCCCCCC"}' })] })
      .resolves({ Messages: [] });
    sqsMock.on(SendMessageBatchCommand).callsFake(acceptAll);
    sqsMock.on(DeleteMessageBatchCommand).resolves({});

    expect(await ops.redrive("dept-health")).toEqual({ moved: 1, failed: 0 });

    expect(appended).toEqual([
      [
        "OT-20260302-CCCCCCCCCC",
        {
          entryId: "redrive:dead-7#0",
          at: "2026-03-02T02:00:00.000Z",
          kind: "dead_letter_redriven",
          eventId: "redrive:dead-7",
          queue: "dept-health",
          messageId: "dead-7",
        },
      ],
    ]);
  });

  it("refuses an unknown status, a cursor on a case id search and a limit out of range", async () => {
    await expect(ops.listCases({ status: "lost", limit: 5 })).rejects.toBeInstanceOf(InvalidOpsQueryError);
    await expect(
      ops.listCases({ caseId: "OT-20260302-CCCCCCCCCC", cursor: "x", limit: 5 }),
    ).rejects.toBeInstanceOf(InvalidOpsQueryError);
    await expect(ops.listCases({ limit: 0 })).rejects.toBeInstanceOf(InvalidOpsQueryError);
  });

  it("refuses a reveal without the permission before reading the case, and an unknown case", async () => {
    const refused = ops.reveal("OT-20260302-CCCCCCCCCC", "identity check", {
      subject: "op-1",
      canReveal: false,
    });
    await expect(refused).rejects.toMatchObject({ status: 403, code: "forbidden" });
    await expect(refused).rejects.toThrow(/reveal/);
    await expect(
      ops.reveal("OT-20260302-CCCCCCCCCC", "identity check", { subject: "op-1", canReveal: true }),
    ).rejects.toMatchObject({ status: 404, code: "unknown_case" });
  });
});
