import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { signatureProblem } from "../../../examples/webhook-receiver/receiver.ts";
import { newWebhookSecret, signWebhook, verifyWebhook } from "../src/webhook-signature.ts";

const at = new Date("2026-12-07T10:00:00Z");
const seconds = (n: number) => new Date(at.getTime() + n * 1000);
const body = JSON.stringify({
  type: "TaskDispatched",
  eventId: "dispatch:c:i:1",
  inputs: { fields: { 姓名: "陈阿婆" } },
});

describe("webhook signatures (HMAC-SHA256 over `<t>.<body>`)", () => {
  const secret = newWebhookSecret();

  it("names the timestamp and the signature, Stripe-style", () => {
    expect(signWebhook(secret, body, at)).toMatch(/^t=1796637600,v1=[0-9a-f]{64}$/);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(newWebhookSecret()).not.toBe(secret);
  });

  it("verifies its own signature within the tolerance, either way", () => {
    const header = signWebhook(secret, body, at);
    expect(verifyWebhook(secret, body, header, at)).toBeUndefined();
    expect(verifyWebhook(secret, body, header, seconds(299))).toBeUndefined();
    expect(verifyWebhook(secret, body, header, seconds(-299))).toBeUndefined();
  });

  it("refuses another secret, a changed body, a stale or future timestamp, a malformed or missing header", () => {
    const header = signWebhook(secret, body, at);
    expect(verifyWebhook(newWebhookSecret(), body, header, at)).toBe("signature_mismatch");
    expect(verifyWebhook(secret, `${body} `, header, at)).toBe("signature_mismatch");
    expect(verifyWebhook(secret, body, header, seconds(301))).toBe("signature_stale");
    expect(verifyWebhook(secret, body, header, seconds(-301))).toBe("signature_stale");
    // A replay with a fresh timestamp but the old signature: the timestamp is signed with the body.
    const replayed = header.replace(/t=\d+/, `t=${Math.floor(at.getTime() / 1000) + 600}`);
    expect(verifyWebhook(secret, body, replayed, seconds(600))).toBe("signature_mismatch");
    expect(verifyWebhook(secret, body, "v1=abc", at)).toBe("signature_malformed");
    expect(verifyWebhook(secret, body, "t=1796637600", at)).toBe("signature_malformed");
    expect(verifyWebhook(secret, body, undefined, at)).toBe("signature_missing");
  });

  it("signs with each secret given (the new and the replaced one), so either verifies", () => {
    const previous = newWebhookSecret();
    const header = signWebhook([secret, previous], body, at);
    expect(header.split(",")).toHaveLength(3);
    expect(verifyWebhook(secret, body, header, at)).toBeUndefined();
    expect(verifyWebhook(previous, body, header, at)).toBeUndefined();
    expect(signatureProblem(previous, body, header, at)).toBeUndefined();
  });

  it("accepts any of several v1 signatures (a receiver checking during a secret change)", () => {
    const other = signWebhook(newWebhookSecret(), body, at).split(",")[1];
    const header = `${signWebhook(secret, body, at)},${other}`;
    expect(verifyWebhook(secret, body, header, at)).toBeUndefined();
  });

  it("agrees with the sample receiver's own verification, for any body and secret", () => {
    fc.assert(
      fc.property(fc.string(), fc.string({ minLength: 1 }), fc.boolean(), (text, key, tamper) => {
        const header = signWebhook(key, text, at);
        const received = tamper ? `${text}!` : text;
        expect(signatureProblem(key, received, header, at)).toBe(verifyWebhook(key, received, header, at));
      }),
    );
  });
});
