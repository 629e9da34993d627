import type { CaseEvent } from "@onething/domain";
import { describe, expect, it } from "vitest";
import { Scenario } from "../support/scenario.ts";
import { withdrawal } from "./events.ts";

/** The same six scenarios for each bundle besides after-death (which has its own, more detailed file). */
const bundles = [
  {
    bundleId: "marriage-birth-household",
    sample: "mbh-born-then-married",
    typical: "mbh-married-second-child",
    first: "marriage-registration",
    fatal: undefined,
    nonFatal: "vaccination-certificate",
  },
  {
    bundleId: "social-assistance",
    sample: "sa-elderly-couple-dibao",
    typical: "sa-elderly-couple-dibao",
    first: "intake",
    fatal: "economic-verification",
    nonFatal: "electricity-fee-reduction",
  },
  {
    bundleId: "elderly-care-opening",
    sample: "eco-nonprofit-with-clinic",
    typical: "eco-company-new-build",
    first: "nonprofit-registration",
    fatal: "fire-safety-inspection",
    nonFatal: "medical-institution-practice",
  },
] as const;

describe.each(bundles)("$bundleId", ({ bundleId, sample, typical, first, fatal, nonFatal }) => {
  it("runs a typical case to completion, skipping what its answers rule out", () => {
    const s = new Scenario(bundleId, typical).runToEnd();
    expect(s.state.status).toBe("completed");
    expect(Object.values(s.state.items).some((i) => i.skipReason === "condition_false")).toBe(true);
  });

  it("a supplement request pauses the case until the applicant answers, then the item goes out again", () => {
    const s = new Scenario(bundleId, sample);
    s.answer(first, { ask: "extraDocument" });
    expect(s.state.status).toBe("awaiting_applicant");
    s.supplement(first, { extraDocument: "upload://scan-1.pdf" });
    expect(s.open.get(first)).toMatchObject({
      attempt: 2,
      supplement: { extraDocument: "upload://scan-1.pdf" },
    });
    s.runToEnd();
    expect(s.state.status).toBe("completed");
  });

  it("withdrawal mid-way cancels every open item at its department", () => {
    const s = new Scenario(bundleId, sample);
    s.answer(first, { complete: {} });
    const open = [...s.open.keys()];
    const d = s.apply(withdrawal(s.state.caseId, "改为线下办理", "t"));
    expect(s.state.status).toBe("withdrawn");
    const cancelled = d.commands
      .filter((c) => c.type === "CancelItem")
      .map((c) => ("itemId" in c ? c.itemId : ""));
    expect(cancelled.sort()).toEqual(open.sort());
  });

  it("counts the deadline across the Spring Festival and escalates only once it has passed", () => {
    // Saturday 14 Feb 2026 is a make-up workday; 15–23 Feb are the holiday.
    const s = new Scenario(bundleId, sample, new Date("2026-02-14T15:00:00+08:00"));
    const dueAt = s.open.get(first)?.dueAt ?? "";
    expect(dueAt > new Date("2026-02-24T00:00:00+08:00").toISOString()).toBe(true);
    const overdue: CaseEvent = {
      type: "ItemOverdue",
      eventId: "o",
      caseId: s.state.caseId,
      itemId: first,
      attempt: 1,
    };
    s.now = new Date("2026-02-22T12:00:00+08:00");
    expect(s.apply(overdue).ignored?.reason).toBe("not_yet_due");
    s.now = new Date(Date.parse(dueAt) + 60_000);
    expect(s.apply(overdue).commands).toContainEqual(
      expect.objectContaining({ type: "EscalateOverdueItem", itemId: first }),
    );
  });

  it("a non-fatal rejection ends the case completed with exceptions", () => {
    const s = new Scenario(bundleId, sample).runToEnd({ [nonFatal]: { reject: "不符合条件" } });
    expect(s.state.status).toBe("completed_with_exceptions");
    expect(s.state.items[nonFatal]?.status).toBe("rejected");
  });

  it("a fatal rejection rejects the case (a bundle may have no fatal item)", () => {
    const fatalItems = new Scenario(bundleId, sample).bundle.items.filter((i) => i.rejectionFails === "case");
    if (!fatal) {
      expect(fatalItems).toEqual([]);
      return;
    }
    const s = new Scenario(bundleId, sample).runToEnd({ [fatal]: { reject: "不予通过" } });
    expect(s.state.status).toBe("rejected");
    expect(
      Object.values(s.state.items).filter((i) => i.status === "pending" || i.status === "dispatched"),
    ).toEqual([]);
  });
});
