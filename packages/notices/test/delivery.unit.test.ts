import { describe, expect, it } from "vitest";
import {
  allFinal,
  backoffMs,
  claimed,
  DEFAULT_LEASE_MS,
  DEFAULT_RECEIPT_TIMEOUT_MS,
  DEFAULT_RETRY,
  type DeliveryReceipt,
  maskPhone,
  nextDue,
  pendingChannel,
  published,
  publishFailed,
  receiptTimedOut,
  received,
} from "../src/index.ts";

const t0 = new Date("2026-03-02T02:00:00.000Z");
const at = (ms: number) => new Date(t0.getTime() + ms);
const receipt = (over: Partial<DeliveryReceipt> = {}): DeliveryReceipt => ({
  noticeId: "ntc_x",
  channel: "sms",
  attempt: 1,
  messageId: "m-1",
  outcome: "delivered",
  at: at(5_000).toISOString(),
  ...over,
});
const changed = <T extends { kind: string }>(t: T) => {
  if (t.kind !== "changed") throw new Error(`expected a change, got ${JSON.stringify(t)}`);
  return (t as unknown as { next: ReturnType<typeof pendingChannel> }).next;
};

describe("backoff", () => {
  it("doubles from the base and stops at the cap", () => {
    expect([1, 2, 3, 4].map((n) => backoffMs(n))).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(backoffMs(20)).toBe(DEFAULT_RETRY.maxDelayMs);
  });
});

const send = (c: ReturnType<typeof pendingChannel>, messageId: string, now: Date) =>
  changed(published(changed(claimed(c, now)), messageId, now));

describe("a channel's delivery", () => {
  it("goes pending → sending (claimed) → sent → delivered, once", () => {
    const claim = changed(claimed(pendingChannel(t0), t0));
    expect(claim).toEqual({
      state: "sending",
      attempts: 1,
      leaseUntil: at(DEFAULT_LEASE_MS).toISOString(),
    });
    // A claimed channel is not claimed again before its lease ends; after it, it is (the deliverer died).
    expect(claimed(claim, at(1_000)).kind).toBe("unchanged");
    expect(changed(claimed(claim, at(DEFAULT_LEASE_MS)))).toMatchObject({ state: "sending", attempts: 2 });
    const sent = changed(published(claim, "m-1", t0));
    expect(sent).toEqual({
      state: "sent",
      attempts: 1,
      sentAt: t0.toISOString(),
      messageId: "m-1",
      receiptBy: at(DEFAULT_RECEIPT_TIMEOUT_MS).toISOString(),
      firstSentAt: t0.toISOString(),
    });
    const delivered = changed(received(sent, receipt(), at(6_000)));
    expect(delivered).toMatchObject({ state: "delivered", deliveredAt: at(5_000).toISOString() });
    expect(allFinal({ sms: delivered })).toBe(true);
    expect(allFinal({ sms: delivered, push: sent })).toBe(false);
    // A redelivered receipt, or a publish of a channel no longer claimed, changes nothing.
    expect(received(delivered, receipt(), at(7_000)).kind).toBe("unchanged");
    expect(published(delivered, "m-2", at(7_000)).kind).toBe("unchanged");
    expect(published(pendingChannel(t0), "m-2", t0).kind).toBe("unchanged");
  });

  it("ignores a receipt of an earlier attempt, and one without the attempt's message id", () => {
    const sent = { state: "sent" as const, attempts: 2, sentAt: t0.toISOString(), messageId: "m-1" };
    expect(received(sent, receipt({ attempt: 1 }), t0)).toEqual({
      kind: "unchanged",
      why: "receipt of attempt 1",
    });
    expect(received(sent, receipt({ attempt: 2, messageId: "forged" }), t0).kind).toBe("mismatch");
    expect(received(sent, receipt({ attempt: 2, messageId: undefined as unknown as string }), t0).kind).toBe(
      "mismatch",
    );
  });

  it("calls a receipt of the attempt being sent early (to be redelivered), not lost", () => {
    const claim = changed(claimed(pendingChannel(t0), t0));
    expect(received(claim, receipt({ attempt: 1 }), t0).kind).toBe("early");
  });

  it("fails a sent channel whose receipt did not come in time", () => {
    const sent = send(pendingChannel(t0), "m-1", t0);
    expect(receiptTimedOut(sent, at(1_000)).kind).toBe("unchanged");
    expect(changed(receiptTimedOut(sent, at(DEFAULT_RECEIPT_TIMEOUT_MS)))).toMatchObject({
      state: "failed",
      reason: "no_receipt",
    });
  });

  it("retries a failed publish after a backoff, and fails at the limit", () => {
    let c = pendingChannel(t0);
    for (let n = 1; n < DEFAULT_RETRY.maxAttempts; n++) {
      c = changed(publishFailed(changed(claimed(c, at(n * 10_000_000))), "publish_failed", at(n)));
      expect(c).toMatchObject({ state: "pending", attempts: n, reason: "publish_failed" });
      expect(c.nextAttemptAt).toBe(at(n + backoffMs(n)).toISOString());
    }
    c = changed(publishFailed(changed(claimed(c, at(99_000_000))), "publish_failed", at(99)));
    expect(c).toMatchObject({
      state: "failed",
      attempts: DEFAULT_RETRY.maxAttempts,
      failedAt: at(99).toISOString(),
    });
  });

  it("retries a retryable failed receipt; fails at once on one that is not", () => {
    const sent = send(pendingChannel(t0), "m-1", t0);
    const again = changed(
      received(sent, receipt({ outcome: "failed", reason: "unreachable", retryable: true }), t0),
    );
    expect(again).toMatchObject({
      state: "pending",
      attempts: 1,
      reason: "unreachable",
      firstSentAt: t0.toISOString(),
    });
    expect(again.nextAttemptAt).toBe(at(backoffMs(1)).toISOString());
    const failed = changed(received(sent, receipt({ outcome: "failed", reason: "no_device" }), t0));
    expect(failed).toMatchObject({ state: "failed", reason: "no_device" });
  });

  it("is due at the earliest channel needing a deliverer: pending, a claim's lease end, a receipt deadline", () => {
    const sent = send(pendingChannel(t0), "m-1", t0);
    expect(nextDue({ sms: pendingChannel(at(9)), push: pendingChannel(at(3)) })).toBe(at(3).toISOString());
    expect(nextDue({ sms: sent })).toBe(sent.receiptBy);
    expect(nextDue({ sms: changed(claimed(pendingChannel(t0), t0)) })).toBe(
      at(DEFAULT_LEASE_MS).toISOString(),
    );
    expect(nextDue({ sms: changed(received(sent, receipt(), t0)) })).toBeUndefined();
  });
});

describe("maskPhone", () => {
  it("keeps three digits and four at most", () => {
    expect(maskPhone("13812345678")).toBe("138****5678");
    expect(maskPhone("123")).toBe("***");
    expect(maskPhone(undefined)).toBe("");
  });
});
