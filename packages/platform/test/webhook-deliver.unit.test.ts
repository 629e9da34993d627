// The webhooks function before each attempt: a task no longer the office's (answered, transferred, its case closed)
// is not POSTed, so its data and token never reach an office it left; an open one is.
import type { SQSRecord } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { createWebhooksHandler } from "../src/webhooks/deliver.ts";

const message = {
  type: "TaskEscalated",
  schemaVersion: 1,
  eventId: "escalate:OT-1:household-cancellation:1",
  occurredAt: "2026-12-08T00:00:00.000Z",
  caseId: "OT-1",
  itemId: "household-cancellation",
  department: "public-security",
  attempt: 1,
  office: { jurisdiction: "330212", path: "000000/330000/330200/330212" },
  dueAt: "2026-12-07T16:00:00.000Z",
};
const record = {
  messageId: "m-1",
  receiptHandle: "r-1",
  body: JSON.stringify({
    type: "WebhookDelivery",
    caseId: "OT-1",
    department: "public-security",
    office: "330212",
    message,
  }),
  attributes: { ApproximateReceiveCount: "1" },
  eventSourceARN: "arn:aws-cn:sqs:cn-north-1:123456789012:onething-dev-webhooks",
} as unknown as SQSRecord;

function handlerWith(open: boolean) {
  const posted: string[] = [];
  const log = { lines: [] as string[], info: (m: string) => void log.lines.push(m), warn() {}, error() {} };
  const handler = createWebhooksHandler({
    directory: {
      endpointFor: async () => undefined,
      registration: async () =>
        ({ office: "330212", url: "https://receiver.example/hook", secret: "whsec_x" }) as never,
    },
    poster: async (url) => {
      posted.push(url);
      return { ok: true, status: 200 } as never;
    },
    sqs: {} as never,
    queueUrl: "http://sqs/webhooks",
    onDeadLetter: async () => {},
    send: async () => {},
    log,
    stillOpen: async () => open,
  });
  return { handler, posted, log };
}

describe("a pushed task, before each attempt", () => {
  it("is not POSTed once it is no longer the office's, and is acknowledged", async () => {
    const { handler, posted, log } = handlerWith(false);
    const result = await handler({ Records: [record] } as never);
    expect(posted).toEqual([]);
    expect(result?.batchItemFailures ?? []).toEqual([]);
    expect(log.lines.join("\n")).toContain("no longer open");
  });

  it("is POSTed while it is open", async () => {
    const { handler, posted } = handlerWith(true);
    await handler({ Records: [record] } as never);
    expect(posted).toEqual(["https://receiver.example/hook"]);
  });
});
