import { AlreadyAnsweredError, CaseContendedError, RequestRefusedError } from "@onething/cases";
import { REFUSAL_KINDS, RefusalError } from "@onething/domain";
import { describe, expect, it } from "vitest";
import { QUEUE_POLICY, queuePolicyOf } from "../src/index.ts";

describe("what a queue does with a refused message", () => {
  it("has a policy for every refusal kind", () => {
    expect(Object.keys(QUEUE_POLICY).sort()).toEqual([...REFUSAL_KINDS].sort());
  });

  it("acknowledges what the world moved past, dead-letters what can never be valid, retries the rest", () => {
    expect(queuePolicyOf(new RequestRefusedError("superseded", "stale_attempt", "attempt 1 of 2"))).toBe(
      "ack",
    );
    expect(queuePolicyOf(new AlreadyAnsweredError("OT-1", "item", 1))).toBe("dead_letter");
    expect(queuePolicyOf(new RefusalError("unauthenticated", "task_token_invalid", "forged"))).toBe(
      "dead_letter",
    );
    expect(queuePolicyOf(new CaseContendedError("OT-1"))).toBe("retry");
    expect(queuePolicyOf(new Error("socket hang up"))).toBe("retry");
  });
});
