import { DeleteMessageBatchCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { settleLikeLambda } from "@onething/local-services";
import type { SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import { describe, expect, it } from "vitest";

const queueUrl = "http://sqs.local/000000000000/results";

/** A client that records the receipt handles it was asked to delete. */
function fakeSqs() {
  const deleted: string[] = [];
  const client = {
    async send(command: unknown) {
      if (!(command instanceof DeleteMessageBatchCommand)) throw new Error("unexpected command");
      deleted.push(...(command.input.Entries ?? []).map((e) => e.ReceiptHandle ?? ""));
      return { Successful: [], Failed: [] };
    },
  };
  return { sqs: client as unknown as SQSClient, deleted };
}

const event: SQSEvent = {
  Records: ["a", "b", "c"].map((id) => ({ messageId: id, receiptHandle: `rh-${id}` }) as SQSRecord),
};

describe("settleLikeLambda (Lambda's reading of a batch response)", () => {
  it.each([
    ["undefined", undefined],
    ["null", null],
    ["{}", {}],
    ["{ batchItemFailures: null }", { batchItemFailures: null }],
    ["{ batchItemFailures: [] }", { batchItemFailures: [] }],
  ])("%s is full success: every record deleted", async (_name, response) => {
    const { sqs, deleted } = fakeSqs();
    const settled = await settleLikeLambda(sqs, queueUrl, event, response as unknown as SQSBatchResponse);
    expect(settled).toEqual({ deleted: ["a", "b", "c"], failed: [] });
    expect(deleted).toEqual(["rh-a", "rh-b", "rh-c"]);
  });

  it("deletes all but the listed failures", async () => {
    const { sqs, deleted } = fakeSqs();
    const settled = await settleLikeLambda(sqs, queueUrl, event, {
      batchItemFailures: [{ itemIdentifier: "b" }],
    });
    expect(settled).toEqual({ deleted: ["a", "c"], failed: ["b"] });
    expect(deleted).toEqual(["rh-a", "rh-c"]);
  });

  it.each([
    ["a record not in the batch", [{ itemIdentifier: "zzz" }]],
    ["an empty identifier", [{ itemIdentifier: "" }]],
    ["a failure without identifier", [{}]],
  ])("%s fails the whole batch", async (_name, batchItemFailures) => {
    const { sqs, deleted } = fakeSqs();
    const response = { batchItemFailures } as unknown as SQSBatchResponse;
    const settled = await settleLikeLambda(sqs, queueUrl, event, response);
    expect(settled).toEqual({ deleted: [], failed: ["a", "b", "c"] });
    expect(deleted).toEqual([]);
  });
});
