import type { CaseState, ItemResultReceived } from "@onething/domain";
import { describe, expect, it } from "vitest";
import { completed, dispatches, needsSupplement, residentId, supplementFor } from "./fixtures.ts";
import { later, useMiniEngine } from "./mini-engine.ts";

const { decide, run, open } = useMiniEngine();

describe("supplement requests (补正)", () => {
  it("pauses the item and the case, lets other items go on, and re-dispatches with a new attempt", () => {
    const start = run(open().state, [(s) => completed(s, "cert-hospital", { certificateNumber: "A" })]).state;
    const asked = decide(start, needsSupplement(start, "household", "householdBookletScan"), later(60));
    const paused = asked.state as CaseState;

    expect(paused.status).toBe("awaiting_applicant");
    expect(paused.items.household).toMatchObject({ status: "awaiting_supplement", attempt: 1 });
    expect(paused.items.household?.dueAt).toBeUndefined();
    expect(asked.commands).toContainEqual(
      expect.objectContaining({ type: "NotifyApplicant", kind: "supplement_requested" }),
    );

    const other = decide(paused, completed(paused, "pension"), later(61));
    expect(other.ignored).toBeUndefined();
    expect(other.state?.status).toBe("awaiting_applicant");

    const supplement = (attempt: number, answers: Record<string, unknown>) =>
      supplementFor("C1", "household", attempt, answers, `sup-${attempt}-${Object.keys(answers).join()}`);
    const s1 = other.state as CaseState;
    expect(decide(s1, supplement(1, {}), later(70)).ignored?.reason).toBe("supplement_incomplete");
    expect(decide(s1, supplement(2, { householdBookletScan: "doc-1" }), later(70)).ignored?.reason).toBe(
      "stale_attempt",
    );

    const resumed = decide(s1, supplement(1, { householdBookletScan: "doc-1" }), later(70));
    expect(resumed.state?.status).toBe("in_progress");
    expect(dispatches(resumed.commands)).toEqual([
      expect.objectContaining({
        itemId: "household",
        attempt: 2,
        supplement: { householdBookletScan: "doc-1" },
      }),
    ]);

    const staleAnswer = { ...(needsSupplement(start, "household", "x") as ItemResultReceived) };
    staleAnswer.result = { outcome: "completed", outputs: {} };
    expect(decide(resumed.state, staleAnswer, later(80)).ignored?.reason).toBe("stale_attempt");
    const done = decide(resumed.state, completed(resumed.state as CaseState, "household"), later(80));
    expect(done.ignored).toBeUndefined();
    expect(done.state?.items.household?.status).toBe("completed");
  });

  it("writes a corrected form field back, so the re-dispatch and later items see it", () => {
    const start = run(open().state, [(s) => completed(s, "cert-hospital", { certificateNumber: "A" })]).state;
    const paused = decide(start, needsSupplement(start, "household", "subject.idNumber"), later(60))
      .state as CaseState;
    const corrected = residentId("33021219450302009");

    const invalid = decide(
      paused,
      supplementFor("C1", "household", 1, { "subject.idNumber": "123" }, "s0"),
      later(61),
    );
    expect(invalid.ignored?.reason).toBe("supplement_incomplete");

    const d = decide(
      paused,
      supplementFor("C1", "household", 1, { "subject.idNumber": corrected }, "s1"),
      later(61),
    );
    expect(d.state?.application.subject?.idNumber).toBe(corrected);
    expect(dispatches(d.commands)[0]?.inputs.fields["subject.idNumber"]).toBe(corrected);
  });

  it("a supplement cannot change the applicant's identity", () => {
    const start = run(open().state, [(s) => completed(s, "cert-hospital", { certificateNumber: "A" })]).state;
    const paused = decide(start, needsSupplement(start, "household", "applicant.idNumber"), later(60))
      .state as CaseState;
    const d = decide(
      paused,
      supplementFor("C1", "household", 1, { "applicant.idNumber": residentId("11010519491231002") }, "s9"),
      later(61),
    );
    expect(d.ignored?.reason).toBe("supplement_incomplete");
    expect(d.ignored?.detail).toMatch(/identity cannot be changed/);
  });
});
