/** The store's error mapping, at the SDK boundary (aws-sdk-client-mock): failures DynamoDB Local cannot produce. */
import {
  DynamoDBClient,
  ProvisionedThroughputExceededException,
  ThrottlingException,
  TransactionCanceledException,
} from "@aws-sdk/client-dynamodb";
import {
  BatchGetCommand,
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from "@aws-sdk/lib-dynamodb";
import { type CommitInput, EventAlreadyProcessedError, VersionConflictError } from "@onething/cases";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import {
  applicantIndexHash,
  createCaseStore,
  createDocumentClient,
  InvalidStoreRequestError,
  planCommit,
  StoreBusyError,
} from "../src/index.ts";
import { caseState, dispatched, entries, item, withItem } from "./fixtures.ts";

const client = createDocumentClient(new DynamoDBClient({ region: "local" }));
const dynamo = mockClient(client);
afterEach(() => dynamo.reset());

const store = createCaseStore({
  applicantIndexKey: "test-applicant-index-key-0123456789abcdef",
  client,
  tableName: "cases",
});
const $metadata = {};
const now = new Date("2025-03-04T02:00:00.000Z");
const due = "2025-03-10T16:00:00.000Z";
const first = caseState({ caseId: "c1", items: [dispatched("a", "health", due)] });
const input: CommitInput = {
  previous: { state: first, version: 3 },
  next: withItem(first, item("a", "health", { status: "completed", attempt: 1 }), now.toISOString()),
  eventId: "e1",
  timeline: entries("e1", now.toISOString(), 1),
  outbox: [],
  now,
};
const plan = planCommit("cases", input, {
  applicantHash: (identity) => applicantIndexHash("test-applicant-index-key-0123456789abcdef", identity),
});

/** One cancellation reason per action of the plan, `None` except where given. */
function cancelled(codes: Record<number, string>) {
  return new TransactionCanceledException({
    message: "Transaction cancelled",
    $metadata,
    CancellationReasons: plan.items.map((_, i) => ({ Code: codes[i] ?? "None" })),
  });
}

describe("commitDecision error mapping", () => {
  it("maps a failed condition on the case row to VersionConflictError (retryable)", async () => {
    dynamo.on(TransactWriteCommand).rejects(cancelled({ [plan.caseIndex]: "ConditionalCheckFailed" }));

    const error = await store.commitDecision(input).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(VersionConflictError);
    expect(error).toMatchObject({ caseId: "c1", expectedVersion: 3, retryable: true });
  });

  it("maps a failed condition on the processed-event marker to EventAlreadyProcessedError, even if the case's failed too", async () => {
    dynamo.on(TransactWriteCommand).rejects(
      cancelled({
        [plan.caseIndex]: "ConditionalCheckFailed",
        [plan.markerIndex]: "ConditionalCheckFailed",
      }),
    );

    await expect(store.commitDecision(input)).rejects.toBeInstanceOf(EventAlreadyProcessedError);
  });

  it("retries a transaction conflict on a shared row, and succeeds when it clears", async () => {
    dynamo
      .on(TransactWriteCommand)
      .rejectsOnce(cancelled({ [plan.items.length - 1]: "TransactionConflict" }))
      .resolves({});

    await expect(store.commitDecision(input)).resolves.toEqual({ version: 4 });
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(2);
  });

  it("gives up on a lasting conflict with a retryable StoreBusyError after 1 + conflictRetries attempts", async () => {
    dynamo.on(TransactWriteCommand).rejects(cancelled({ [plan.items.length - 1]: "TransactionConflict" }));

    const error = await store.commitDecision(input).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(StoreBusyError);
    expect(error).toMatchObject({ reason: "contention", retryable: true });
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(3);
  });

  it("surfaces throttling inside a transaction as a retryable StoreBusyError, without retrying it itself", async () => {
    dynamo.on(TransactWriteCommand).rejects(cancelled({ 1: "ThrottlingError" }));

    await expect(store.commitDecision(input)).rejects.toMatchObject({
      name: "StoreBusyError",
      reason: "throttled",
    });
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });

  it("sends the planned transaction as is", async () => {
    dynamo.on(TransactWriteCommand).resolves({});

    await store.commitDecision(input);

    expect(dynamo.commandCalls(TransactWriteCommand)[0]?.args[0].input).toEqual({
      TransactItems: plan.items,
    });
  });
});

describe("throttling", () => {
  it("maps ProvisionedThroughputExceededException (after the SDK's own retries) to StoreBusyError", async () => {
    dynamo
      .on(GetCommand)
      .rejects(new ProvisionedThroughputExceededException({ message: "slow down", $metadata }));

    const error = await store.getCase("c1").catch((e: unknown) => e);

    expect(error).toBeInstanceOf(StoreBusyError);
    expect(error).toMatchObject({ reason: "throttled", retryable: true });
    expect(error instanceof StoreBusyError && error.cause).toBeInstanceOf(
      ProvisionedThroughputExceededException,
    );
  });

  it("maps ThrottlingException on a query to StoreBusyError", async () => {
    dynamo.on(QueryCommand).rejects(new ThrottlingException({ message: "slow down", $metadata }));

    await expect(store.listCases({ status: "in_progress", limit: 10 })).rejects.toBeInstanceOf(
      StoreBusyError,
    );
  });

  it("passes other errors through untouched", async () => {
    const boom = new Error("socket hang up");
    dynamo.on(GetCommand).rejects(boom);

    await expect(store.hasProcessed("c1", "e1")).rejects.toBe(boom);
  });
});

describe("listCases by department", () => {
  const summary = (caseId: string) => ({
    pk: `CASE#${caseId}`,
    sk: "CASE",
    caseId,
    bundleId: "newborn",
    status: "in_progress",
    submittedAt: "2025-03-03T02:00:00.000Z",
    updatedAt: "2025-03-03T02:00:00.000Z",
    version: 1,
  });

  it("asks again for the keys BatchGetItem left unprocessed, and keeps the index order", async () => {
    dynamo.on(QueryCommand).resolves({
      Items: ["c3", "c2", "c1"].map((caseId) => ({ caseId, department: "health" })),
    });
    dynamo
      .on(BatchGetCommand)
      .resolvesOnce({
        Responses: { cases: [summary("c1")] },
        UnprocessedKeys: {
          cases: {
            Keys: [
              { pk: "CASE#c3", sk: "CASE" },
              { pk: "CASE#c2", sk: "CASE" },
            ],
          },
        },
      })
      .resolves({ Responses: { cases: [summary("c2"), summary("c3")] } });

    const page = await store.listCases({ department: "health", limit: 3 });

    expect(page.items.map((c) => c.caseId)).toEqual(["c3", "c2", "c1"]);
    expect(dynamo.commandCalls(BatchGetCommand)[1]?.args[0].input.RequestItems?.cases?.Keys).toEqual([
      { pk: "CASE#c3", sk: "CASE" },
      { pk: "CASE#c2", sk: "CASE" },
    ]);
  });
});

describe("createCaseStore", () => {
  it("refuses a document client that would fail on undefined fields of the state", () => {
    const plain = DynamoDBDocumentClient.from(new DynamoDBClient({ region: "local" }));
    expect(() =>
      createCaseStore({
        applicantIndexKey: "test-applicant-index-key-0123456789abcdef",
        client: plain,
        tableName: "cases",
      }),
    ).toThrow(InvalidStoreRequestError);
  });
});
