/**
 * Conditions a retry cures are 503s, not 500s: the table throttling, a case contended past the version-check
 * retries. A year without a holiday notice is not one of them: its deadlines are provisional. Faults at the SDK
 * boundary (aws-sdk-client-mock), through the real API handler, use cases and store.
 */
import { DynamoDBClient, TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { SQSClient } from "@aws-sdk/client-sqs";
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { RETRY_AFTER_SECONDS } from "@onething/api";
import { WorkingCalendar } from "@onething/domain";
import { composePlatform } from "@onething/platform";
import { samplesFor } from "@onething/seeds/samples";
import { createDocumentClient } from "@onething/store";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import { httpEvent } from "../support/http.ts";
import { noOps } from "../support/no-ops.ts";
import { capturingLogger, catalogue, TASK_SECRET } from "../support/platform.ts";
import { fakeQueues } from "../support/queues.ts";

const documentClient = createDocumentClient(new DynamoDBClient({ region: "local" }));
const dynamo = mockClient(documentClient);
const sqsClient = new SQSClient({ region: "local" });
mockClient(sqsClient);
afterEach(() => dynamo.reset());
// No holiday notice was loaded at run time: the calendar is the one given below.
const noLoadedNotices = () => dynamo.on(QueryCommand).resolves({ Items: [] });

// Its own calendar rather than the seeds': only 2026 is known, whatever years the seeds hold by now.
const calendar2026 = WorkingCalendar.fromData([{ year: 2026, source: "test", holidays: [] }]);

function api(now: string) {
  const log = capturingLogger();
  const platform = composePlatform({
    catalogue,
    calendar: calendar2026,
    documentClient,
    tableName: "cases",
    conflictRetries: 0,
    sqs: sqsClient,
    queues: fakeQueues(),
    taskTokenSecret: TASK_SECRET,
    clock: () => new Date(now),
    logger: () => log,
    ops: noOps,
  });
  return { handler: platform.api, log };
}

const sample = samplesFor("after-death").find((s) => s.id === "after-death-hospital-pensioner");
const citizen = {
  role: "citizen",
  sub: "citizen-1",
  id_number: String(sample?.application.applicant.idNumber),
};
const submission = (key: string) =>
  httpEvent(
    "POST",
    "/v1/applications",
    citizen,
    { bundleId: "after-death", ...sample?.application },
    {
      "idempotency-key": key,
    },
  );
const bodyOf = (response: { body?: string }) => JSON.parse(response.body ?? "null");

describe("retryable conditions answer 503", () => {
  it("DynamoDB throttling: 503 busy with Retry-After, and no bug report in the log", async () => {
    const { handler, log } = api("2026-03-02T10:00:00+08:00");
    dynamo
      .on(GetCommand)
      .rejects(
        Object.assign(new Error("throughput exceeded"), { name: "ProvisionedThroughputExceededException" }),
      );

    const response = await handler(httpEvent("GET", "/v1/cases/OT-20260302-ABCDEFGHJK", citizen));

    expect(response.statusCode).toBe(503);
    expect(response.headers?.["retry-after"]).toBe(String(RETRY_AFTER_SECONDS));
    expect(bodyOf(response)).toMatchObject({ error: "busy" });
    expect(log.lines.some((l) => l.includes("request failed"))).toBe(false);
    expect(log.lines.map((l) => JSON.parse(l))).toContainEqual(
      expect.objectContaining({ level: "warn", message: "request deferred", errorName: "StoreBusyError" }),
    );
  });

  it("a case contended past the version-check retries: 503 case_busy with Retry-After", async () => {
    const { handler } = api("2026-03-02T10:00:00+08:00");
    noLoadedNotices();
    dynamo.on(PutCommand).resolves({}); // the idempotency key
    dynamo.on(GetCommand).resolves({}); // no case yet, every time it is read
    // Someone else's commit always lands first: the case row's condition fails on every attempt.
    dynamo.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({
        message: "Transaction cancelled",
        $metadata: {},
        CancellationReasons: [{ Code: "ConditionalCheckFailed" }],
      }),
    );

    const response = await handler(submission("contended"));

    expect(response.statusCode).toBe(503);
    expect(response.headers?.["retry-after"]).toBe(String(RETRY_AFTER_SECONDS));
    expect(bodyOf(response)).toMatchObject({ error: "case_busy" });
    expect(dynamo.commandCalls(TransactWriteCommand).length).toBeGreaterThan(1);
  });
});

describe("a year without a holiday notice", () => {
  it("is no reason to refuse: 202, the deadlines in 2027 stored as provisional", async () => {
    // Every item due a working day or more after 31 December 2026 is due in 2027, which only the rule covers here.
    const { handler, log } = api("2026-12-31T10:00:00+08:00");
    noLoadedNotices();
    dynamo.on(PutCommand).resolves({});
    dynamo.on(GetCommand).resolves({});
    dynamo.on(TransactWriteCommand).resolves({});

    const response = await handler(submission("new-year"));

    expect(response.statusCode).toBe(202);
    const [commit] = dynamo.commandCalls(TransactWriteCommand);
    const caseRow = commit?.args[0].input.TransactItems?.[0]?.Put?.Item as {
      state: { items: Record<string, { status: string; dueAt?: string; dueProvisional?: boolean }> };
    };
    const dispatched = Object.values(caseRow.state.items).filter((i) => i.status === "dispatched");
    expect(dispatched.length).toBeGreaterThan(0);
    for (const item of dispatched) {
      expect(item.dueAt?.startsWith("2027-")).toBe(true);
      expect(item.dueProvisional).toBe(true);
    }
    expect(log.lines.some((l) => l.includes("request failed") || l.includes("request deferred"))).toBe(false);
  });
});
