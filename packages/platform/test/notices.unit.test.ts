import type { NoticeDeps } from "@onething/notices";
import type { SQSEvent, SQSRecord } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { noticeTemplates, withNoticeDelivery, withNoticeReceipts } from "../src/notices.ts";

const record = (messageId: string, body: unknown): SQSRecord =>
  ({ messageId, body: typeof body === "string" ? body : JSON.stringify(body) }) as SQSRecord;
const log = { info() {}, warn() {}, error() {} };
const receipt = (noticeId: string) => ({
  type: "NoticeReceipt",
  noticeId,
  channel: "sms",
  attempt: 1,
  messageId: "m-1",
  outcome: "delivered",
  at: "2026-03-02T02:00:00.000Z",
});
const sentNotice = (noticeId: string) => ({
  noticeId,
  kind: "case_received",
  addresseeHash: "h",
  bundleId: "after-death",
  place: "330212",
  params: {},
  createdAt: "2026-03-02T01:00:00.000Z",
  channels: { sms: { state: "sent", attempts: 1, messageId: "m-1", sentAt: "2026-03-02T01:00:00.000Z" } },
});
const ID = "ntc_AAAAAAAAAAAAAAAAAAAAAAAA";

describe("withNoticeReceipts", () => {
  it("applies receipts itself, ignores a forged one, drops a malformed one, fails only the record the table failed, passes the rest on", async () => {
    const applied: { noticeId: string; to: string }[] = [];
    const deps = {
      repository: {
        getNotice: async (id: string) => {
          if (id.endsWith("BBBB")) throw new Error("table throttled");
          return sentNotice(id);
        },
        updateChannel: async (change: { noticeId: string; to: { state: string } }) => {
          applied.push({ noticeId: change.noticeId, to: change.to.state });
          return true;
        },
      },
      templates: noticeTemplates(),
      log,
    } as unknown as NoticeDeps;
    const passedOn: string[] = [];
    const inner = async (event: SQSEvent) => {
      passedOn.push(...event.Records.map((r) => r.messageId));
      return { batchItemFailures: [{ itemIdentifier: "event-2" }] };
    };
    const handler = withNoticeReceipts(
      inner,
      () => deps,
      () => new Date(),
      log,
    );
    const result = await handler({
      Records: [
        record("receipt-1", receipt(ID)),
        record("event-1", { source: "x", event: {} }),
        record("receipt-bad", { type: "NoticeReceipt", noticeId: "nope" }),
        record("receipt-forged", { ...receipt("ntc_AAAAAAAAAAAAAAAAAAAACCCC"), messageId: "forged" }),
        record("receipt-2", receipt("ntc_AAAAAAAAAAAAAAAAAAAABBBB")),
        record("event-2", "not json"),
      ],
    });
    // The receipt is applied (sent → delivered); the forged one (another message id) changes nothing.
    expect(applied).toEqual([{ noticeId: ID, to: "delivered" }]);
    expect(passedOn).toEqual(["event-1", "event-2"]);
    expect(result.batchItemFailures).toEqual([
      { itemIdentifier: "receipt-2" },
      { itemIdentifier: "event-2" },
    ]);
  });
});

describe("withNoticeDelivery", () => {
  it("adds what it published to the sweep's report, and a failed delivery never fails the sweep", async () => {
    const sweep = async () => ({ outboxResent: 0 });
    const ok = withNoticeDelivery(sweep, async () => ({ published: 2, publishFailed: 1 }), log);
    expect(await ok()).toEqual({ outboxResent: 0, notices: { published: 2, publishFailed: 1 } });
    const failing = withNoticeDelivery(
      sweep,
      async () => {
        throw new Error("table down");
      },
      log,
    );
    expect(await failing()).toEqual({ outboxResent: 0 });
  });
});
