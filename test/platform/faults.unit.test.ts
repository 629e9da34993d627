/**
 * Faults the real services cannot produce on demand, at the SDK boundary (aws-sdk-client-mock): a DynamoDB
 * timeout while committing and an SQS timeout while sending. Nothing is half-written and nothing is lost.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SendMessageBatchCommand, SQSClient } from "@aws-sdk/client-sqs";
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { applyCaseEvent } from "@onething/cases";
import { toCaseEventMessage } from "@onething/contracts";
import { composePlatform } from "@onething/platform";
import { loadSeedCalendar } from "@onething/seeds";
import { samplesFor } from "@onething/seeds/samples";
import { createDocumentClient } from "@onething/store";
import type { SQSEvent } from "aws-lambda";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import { capturingLogger, catalogue, TASK_SECRET } from "../support/platform.ts";
import { fakeQueues } from "../support/queues.ts";

const timeout = () => Object.assign(new Error("socket timed out"), { name: "TimeoutError", $metadata: {} });
const documentClient = createDocumentClient(new DynamoDBClient({ region: "local" }));
const dynamo = mockClient(documentClient);
const sqsClient = new SQSClient({ region: "local" });
const sqs = mockClient(sqsClient);
afterEach(() => {
  dynamo.reset();
  sqs.reset();
  noLoadedNotices();
});
// The engine reads the holiday notices loaded at run time (none here) before it decides.
const noLoadedNotices = () => dynamo.on(QueryCommand).resolves({ Items: [] });
noLoadedNotices();

const log = capturingLogger();
// The whole platform over the mocked clients: the use cases and the orchestrator as every function gets them.
const composed = composePlatform({
  catalogue,
  calendar: loadSeedCalendar(),
  documentClient,
  tableName: "cases",
  sqs: sqsClient,
  queues: fakeQueues(),
  taskTokenSecret: TASK_SECRET,
  clock: () => new Date("2026-03-02T10:00:00+08:00"),
  logger: () => log,
});
const platform = composed.useCases;
const sample = samplesFor("after-death").find((s) => s.id === "after-death-hospital-pensioner");
const submitted = {
  type: "ApplicationSubmitted" as const,
  eventId: "submit:OT-FAULT-1",
  caseId: "OT-FAULT-1",
  bundleId: "after-death",
  application: sample?.application as never,
  channel: "online" as const,
  filedBy: { role: "citizen" as const, id: "c1" },
};

describe("a DynamoDB timeout while committing", () => {
  it("fails the event before anything is sent, so the queue redelivers it and nothing is half-written", async () => {
    dynamo.on(GetCommand).resolves({});
    dynamo.on(TransactWriteCommand).rejects(timeout());
    await expect(applyCaseEvent(platform, submitted, new Date())).rejects.toThrow(/timed out/);
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
  });

  it("makes the orchestrator report that record as failed, and only that one", async () => {
    dynamo.on(GetCommand).resolves({});
    dynamo.on(TransactWriteCommand).rejects(timeout());
    const record = {
      messageId: "m1",
      receiptHandle: "r1",
      body: JSON.stringify(toCaseEventMessage(submitted, new Date())),
      attributes: {
        ApproximateReceiveCount: "1",
        SentTimestamp: "0",
        SenderId: "x",
        ApproximateFirstReceiveTimestamp: "0",
        MessageGroupId: "OT-FAULT-1",
      },
      messageAttributes: {},
      md5OfBody: "",
      eventSource: "aws:sqs",
      eventSourceARN: "arn:aws:sqs:us-east-1:000:orchestrator.fifo",
      awsRegion: "us-east-1",
    };
    const response = await composed.orchestrator({ Records: [record] } as SQSEvent);
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: "m1" }]);
  });
});

describe("an SQS timeout while sending the outbox", () => {
  it("keeps the committed case, leaves the outbox unmarked for the sweeper, and reports success to the caller", async () => {
    dynamo.on(GetCommand).resolves({});
    dynamo.on(TransactWriteCommand).resolves({});
    dynamo.on(PutCommand).resolves({});
    sqs.on(SendMessageBatchCommand).rejects(timeout());
    const outcome = await applyCaseEvent(platform, submitted, new Date());
    expect(outcome.kind).toBe("applied");
    const commit = dynamo.commandCalls(TransactWriteCommand)[0]?.args[0].input as {
      TransactItems: { Put?: { Item: Record<string, unknown> } }[];
    };
    const outbox = commit.TransactItems.map((i) => i.Put?.Item).find((item) =>
      String(item?.sk ?? "").startsWith("OUTBOX#"),
    );
    expect(outbox?.gsi1pk).toBe("OUTBOX#PENDING");
    expect(dynamo.commandCalls(UpdateCommand)).toHaveLength(0); // never marked sent
    expect(log.lines.some((l) => l.includes("the sweeper will resend"))).toBe(true);
  });
});
