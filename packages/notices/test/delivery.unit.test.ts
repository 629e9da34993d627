import { describe, expect, it } from "vitest";
import {
  backoffMs,
  DEFAULT_RETRY,
  type DeliveryReceipt,
  maskPhone,
  nextDue,
  pendingChannel,
  published,
  publishFailed,
  received,
} from "../src/index.ts";

const t0 = new Date("2026-03-02T02:00:00.000Z");
const at = (ms: number) => new Date(t0.getTime() + ms);
const receipt = (over: Partial<DeliveryReceipt> = {}): DeliveryReceipt => ({
  noticeId: "ntc_x",
  channel: "sms",
  attempt: 1,
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

describe("a channel's delivery", () => {
  it("goes pending → sent → delivered, once", () => {
    const sent = changed(published(pendingChannel(t0), "m-1", t0));
    expect(sent).toEqual({ state: "sent", attempts: 1, sentAt: t0.toISOString(), messageId: "m-1" });
    const delivered = changed(received(sent, receipt(), at(6_000)));
    expect(delivered).toMatchObject({ state: "delivered", deliveredAt: at(5_000).toISOString() });
    // A redelivered receipt, or a publish of a channel no longer pending, changes nothing.
    expect(received(delivered, receipt(), at(7_000)).kind).toBe("unchanged");
    expect(published(delivered, "m-2", at(7_000)).kind).toBe("unchanged");
  });

  it("ignores a receipt of an earlier attempt", () => {
    const sent = { state: "sent" as const, attempts: 2, sentAt: t0.toISOString() };
    expect(received(sent, receipt({ attempt: 1 }), t0)).toEqual({
      kind: "unchanged",
      why: "receipt of attempt 1",
    });
  });

  it("retries a failed publish after a backoff, and fails at the limit", () => {
    let c = pendingChannel(t0);
    for (let n = 1; n < DEFAULT_RETRY.maxAttempts; n++) {
      c = changed(publishFailed(c, "publish_failed:Throttling", at(n)));
      expect(c).toMatchObject({ state: "pending", attempts: n, reason: "publish_failed:Throttling" });
      expect(c.nextAttemptAt).toBe(at(n + backoffMs(n)).toISOString());
    }
    c = changed(publishFailed(c, "publish_failed:Throttling", at(99)));
    expect(c).toMatchObject({
      state: "failed",
      attempts: DEFAULT_RETRY.maxAttempts,
      failedAt: at(99).toISOString(),
    });
  });

  it("retries a retryable failed receipt; fails at once on one that is not", () => {
    const sent = changed(published(pendingChannel(t0), "m-1", t0));
    const again = changed(
      received(sent, receipt({ outcome: "failed", reason: "unreachable", retryable: true }), t0),
    );
    expect(again).toMatchObject({ state: "pending", attempts: 1, reason: "unreachable" });
    expect(again.nextAttemptAt).toBe(at(backoffMs(1)).toISOString());
    const failed = changed(received(sent, receipt({ outcome: "failed", reason: "no_device" }), t0));
    expect(failed).toMatchObject({ state: "failed", reason: "no_device" });
  });

  it("is due at the earliest pending channel", () => {
    const sent = changed(published(pendingChannel(t0), "m", t0));
    expect(nextDue({ sms: pendingChannel(at(9)), push: pendingChannel(at(3)) })).toBe(at(3).toISOString());
    expect(nextDue({ sms: sent })).toBeUndefined();
  });
});

describe("maskPhone", () => {
  it("keeps three digits and four at most", () => {
    expect(maskPhone("13812345678")).toBe("138****5678");
    expect(maskPhone("123")).toBe("***");
    expect(maskPhone(undefined)).toBe("");
  });
});
