// SQS faults the emulator cannot produce on demand (partial batch failures, throttling), mocked at
// the SDK client boundary; everything else about sending is tested against fauxqs.
import {
  QueueDoesNotExist,
  RequestThrottled,
  SendMessageBatchCommand,
  type SendMessageBatchCommandInput,
  type SendMessageBatchResultEntry,
  SQSClient,
} from "@aws-sdk/client-sqs";
import { SendFailedError, sendMessages } from "@onething/messaging";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

const QUEUE = "http://sqs.local/000000000000/results";
const FIFO_QUEUE = "http://sqs.local/000000000000/orchestrator.fifo";

const sqsMock = mockClient(SQSClient);
const sqs = new SQSClient({ region: "us-east-1" });
const waits: number[] = [];
const options = {
  sleep: async (ms: number) => {
    waits.push(ms);
  },
};

function succeedAll(input: SendMessageBatchCommandInput) {
  return {
    Successful: (input.Entries ?? []).map(
      (entry): SendMessageBatchResultEntry => ({
        Id: entry.Id,
        MessageId: `id-${entry.Id}`,
        MD5OfMessageBody: "",
      }),
    ),
    Failed: [],
  };
}

function sentIds(call: number): string[] {
  const input = sqsMock.commandCalls(SendMessageBatchCommand)[call]?.args[0].input;
  return (input?.Entries ?? []).map((entry) => entry.Id ?? "");
}

const messages = (count: number) => Array.from({ length: count }, (_, n) => ({ body: { n } }));

beforeEach(() => {
  sqsMock.reset();
  waits.length = 0;
});

afterEach(() => {
  sqsMock.reset();
});

describe("sendMessages", () => {
  it("sends in batches of 10, JSON bodies, FIFO ids and attributes, and returns ids in input order", async () => {
    sqsMock.on(SendMessageBatchCommand).callsFake(succeedAll);

    const sent = await sendMessages(
      sqs,
      FIFO_QUEUE,
      messages(25).map((message, n) => ({
        ...message,
        groupId: `case-${n % 3}`,
        dedupId: `event-${n}`,
        attributes: { type: "CaseSubmitted", schemaVersion: 1 },
      })),
      options,
    );

    const calls = sqsMock.commandCalls(SendMessageBatchCommand);
    expect(calls.map((call) => call.args[0].input.Entries?.length)).toEqual([10, 10, 5]);
    expect(calls[0]?.args[0].input.Entries?.[4]).toEqual({
      Id: "m4",
      MessageBody: '{"n":4}',
      MessageGroupId: "case-1",
      MessageDeduplicationId: "event-4",
      MessageAttributes: {
        type: { DataType: "String", StringValue: "CaseSubmitted" },
        schemaVersion: { DataType: "Number", StringValue: "1" },
      },
    });
    expect(sent.map((message) => message.index)).toEqual([...Array(25).keys()]);
    expect(sent[24]?.messageId).toBe("id-m24");
  });

  it("retries only the entries of a partial failure, with backoff, until they go", async () => {
    sqsMock
      .on(SendMessageBatchCommand)
      .resolvesOnce({
        Successful: [{ Id: "m0", MessageId: "a", MD5OfMessageBody: "" }],
        Failed: [
          { Id: "m1", Code: "InternalError", SenderFault: false },
          { Id: "m2", Code: "ServiceUnavailable", SenderFault: false },
        ],
      })
      .resolvesOnce({
        Successful: [{ Id: "m2", MessageId: "c", MD5OfMessageBody: "" }],
        Failed: [{ Id: "m1", Code: "InternalError", SenderFault: false }],
      })
      .callsFake(succeedAll);

    const sent = await sendMessages(sqs, QUEUE, messages(3), options);

    expect([sentIds(0), sentIds(1), sentIds(2)]).toEqual([["m0", "m1", "m2"], ["m1", "m2"], ["m1"]]);
    expect(sent.map((message) => message.messageId)).toEqual(["a", "id-m1", "c"]);
    expect(waits).toHaveLength(2);
  });

  it("gives up after maxAttempts and throws SendFailedError naming what was not sent", async () => {
    sqsMock.on(SendMessageBatchCommand).callsFake((input: SendMessageBatchCommandInput) => ({
      Successful: [{ Id: "m0", MessageId: "a", MD5OfMessageBody: "" }].filter((entry) =>
        input.Entries?.some((sent) => sent.Id === entry.Id),
      ),
      Failed: [{ Id: "m1", Code: "InternalError", Message: "try later", SenderFault: false }],
    }));

    const error = await sendMessages(sqs, QUEUE, messages(2), { ...options, maxAttempts: 3 }).catch((e) => e);

    expect(error).toBeInstanceOf(SendFailedError);
    expect(error.failures).toEqual([
      { index: 1, code: "InternalError", message: "try later", senderFault: false },
    ]);
    expect(error.sent).toEqual([{ index: 0, messageId: "a" }]);
    expect(sqsMock.commandCalls(SendMessageBatchCommand)).toHaveLength(3);
  });

  it("does not retry what SQS blames on the sender", async () => {
    sqsMock.on(SendMessageBatchCommand).resolves({
      Successful: [],
      Failed: [{ Id: "m0", Code: "InvalidParameterValue", SenderFault: true }],
    });

    await expect(sendMessages(sqs, QUEUE, messages(1), options)).rejects.toMatchObject({
      name: "SendFailedError",
      failures: [{ index: 0, code: "InvalidParameterValue", senderFault: true }],
    });
    expect(sqsMock.commandCalls(SendMessageBatchCommand)).toHaveLength(1);
  });

  it("retries a throttled call", async () => {
    sqsMock
      .on(SendMessageBatchCommand)
      .rejectsOnce(new RequestThrottled({ $metadata: { httpStatusCode: 400 }, message: "Rate exceeded" }))
      .callsFake(succeedAll);

    const sent = await sendMessages(sqs, QUEUE, messages(2), options);

    expect(sent).toHaveLength(2);
    expect(sqsMock.commandCalls(SendMessageBatchCommand)).toHaveLength(2);
    expect(waits).toHaveLength(1);
  });

  it("fails at once on an error retrying cannot fix", async () => {
    sqsMock
      .on(SendMessageBatchCommand)
      .rejects(new QueueDoesNotExist({ $metadata: { httpStatusCode: 400 }, message: "no such queue" }));

    await expect(sendMessages(sqs, QUEUE, messages(2), options)).rejects.toMatchObject({
      failures: [
        { index: 0, code: "QueueDoesNotExist", senderFault: true },
        { index: 1, code: "QueueDoesNotExist", senderFault: true },
      ],
    });
    expect(sqsMock.commandCalls(SendMessageBatchCommand)).toHaveLength(1);
  });

  it("on a FIFO queue, does not send the batches after one that failed", async () => {
    sqsMock
      .on(SendMessageBatchCommand)
      .rejectsOnce(new QueueDoesNotExist({ $metadata: {}, message: "gone" }))
      .callsFake(succeedAll);

    const error = await sendMessages(
      sqs,
      FIFO_QUEUE,
      messages(12).map((message, n) => ({ ...message, groupId: "case-1", dedupId: `e${n}` })),
      options,
    ).catch((e) => e);

    expect(error).toBeInstanceOf(SendFailedError);
    expect(error.failures.map((failure: { code: string }) => failure.code)).toEqual([
      ...Array(10).fill("QueueDoesNotExist"),
      "NotAttempted",
      "NotAttempted",
    ]);
    expect(sqsMock.commandCalls(SendMessageBatchCommand)).toHaveLength(1);
  });
});
