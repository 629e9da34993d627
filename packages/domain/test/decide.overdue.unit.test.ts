import type { CaseEvent } from "@onething/domain";
import { describe, expect, it } from "vitest";
import { completed } from "./fixtures.ts";
import { T0, useMiniEngine } from "./mini-engine.ts";

const { decide, run, open } = useMiniEngine();

describe("overdue items", () => {
  it("escalates once past the deadline, counted across the National Day holiday", () => {
    const started = run(
      open().state,
      [(s) => completed(s, "cert-hospital", { certificateNumber: "A" })],
      T0,
    ).state;
    // Household cancellation: 2 working days from Tue 30 Sep 2025 → end of Fri 10 Oct.
    expect(started.items.household?.dueAt).toBe(new Date("2025-10-10T24:00:00+08:00").toISOString());
    const overdue: CaseEvent = {
      type: "ItemOverdue",
      eventId: "o1",
      caseId: "C1",
      itemId: "household",
      attempt: 1,
    };

    expect(decide(started, overdue, new Date("2025-10-08T12:00:00+08:00")).ignored?.reason).toBe(
      "not_yet_due",
    );
    const escalated = decide(started, overdue, new Date("2025-10-11T09:00:00+08:00"));
    expect(escalated.commands).toContainEqual(
      expect.objectContaining({
        type: "EscalateOverdueItem",
        itemId: "household",
        department: "public-security",
        attempt: 1,
      }),
    );
    expect(escalated.commands).toContainEqual(
      expect.objectContaining({
        type: "RecordTimeline",
        entry: expect.objectContaining({ kind: "item_overdue" }),
      }),
    );
    expect(escalated.state?.items.household).toMatchObject({ overdue: true, escalations: 1 });
    const again = decide(
      escalated.state,
      { ...overdue, eventId: "o2" },
      new Date("2025-10-12T09:00:00+08:00"),
    );
    expect(again.ignored?.reason).toBe("already_escalated");
  });
});
