import { answerProblem, type CaseState, type ItemAnswer } from "@onething/domain";
import { describe, expect, it } from "vitest";
import { miniCatalogue, rejected, withdrawal } from "./fixtures.ts";
import { later, miniEngine } from "./mini-engine.ts";

const bundle = miniCatalogue().bundle("mini", 1);

/** Given: case C1 just submitted, so cert-hospital (health) and cremation (funeral home) are out, attempt 1. */
function submittedCase(): CaseState {
  return miniEngine().open().state;
}

const cremationDone = (overrides: Partial<ItemAnswer> = {}): ItemAnswer => ({
  itemId: "cremation",
  department: "funeral-home",
  attempt: 1,
  result: { outcome: "completed", outputs: {} },
  ...overrides,
});

describe("answerProblem: the checks a department's answer must pass", () => {
  it("finds none for the current attempt of a dispatched item, from its department, with valid outputs", () => {
    const state = submittedCase();

    expect(answerProblem(state, bundle, cremationDone())).toBeUndefined();
    expect(
      answerProblem(state, bundle, {
        itemId: "cert-hospital",
        department: "health",
        attempt: 1,
        result: { outcome: "completed", outputs: { certificateNumber: "NB-2025-0001" } },
      }),
    ).toBeUndefined();
    expect(
      answerProblem(state, bundle, cremationDone({ result: { outcome: "rejected", reason: "材料不符" } })),
    ).toBeUndefined();
  });

  it("refuses any answer once the case is closed", () => {
    const { decide, open } = miniEngine();
    const closed = decide(open().state, withdrawal("C1", "家属改为线下办理"), later(5)).state as CaseState;

    expect(answerProblem(closed, bundle, cremationDone())).toEqual({
      reason: "case_closed",
      detail: "case is already withdrawn",
      kind: "superseded",
    });
  });

  it("refuses an item the case does not have, and another department's item, as forbidden", () => {
    const state = submittedCase();

    expect(answerProblem(state, bundle, cremationDone({ itemId: "nope" }))).toEqual({
      reason: "unknown_item",
      detail: "no item nope in mini",
      kind: "forbidden",
    });
    expect(answerProblem(state, bundle, cremationDone({ department: "health" }))).toEqual({
      reason: "wrong_department",
      detail: "item cremation belongs to funeral-home, not health",
      kind: "forbidden",
    });
  });

  it("refuses an answer for another attempt before asking whose it is", () => {
    const state = submittedCase();

    expect(answerProblem(state, bundle, cremationDone({ attempt: 2 }))).toEqual({
      reason: "stale_attempt",
      detail: "item cremation is on attempt 1, not 2",
      kind: "superseded",
    });
    // household is still pending (attempt 0) and belongs to public security: the attempt decides first.
    expect(answerProblem(state, bundle, cremationDone({ itemId: "household" }))?.reason).toBe(
      "stale_attempt",
    );
  });

  it("refuses an answer for an item no department holds any more", () => {
    const { decide, open } = miniEngine();
    const opened = open().state;
    const done = decide(opened, rejected(opened, "cremation"), later(5)).state as CaseState;

    expect(answerProblem(done, bundle, cremationDone())).toEqual({
      reason: "item_not_open",
      detail: "item cremation is rejected",
      kind: "superseded",
    });
  });

  it("refuses completed outputs the item does not declare, naming each field", () => {
    const state = submittedCase();
    const problem = answerProblem(state, bundle, {
      itemId: "cert-hospital",
      department: "health",
      attempt: 1,
      result: { outcome: "completed", outputs: { idNumber: "x" } },
    });

    expect(problem).toMatchObject({ reason: "invalid_outputs", kind: "invalid" });
    expect(problem?.issues?.map((i) => i.path)).toEqual(
      expect.arrayContaining(["outputs.certificateNumber", "outputs.idNumber"]),
    );
    expect(problem?.detail).toContain("outputs.certificateNumber");
  });

  it("says exactly what decide says when it ignores the same answer", () => {
    const { decide, open } = miniEngine();
    const state = open().state;
    const answers = [
      cremationDone({ attempt: 0 }),
      cremationDone({ department: "banks" }),
      cremationDone({ itemId: "x" }),
      cremationDone({ itemId: "cert-hospital", department: "health" }),
    ];

    expect(answers.map((a) => answerProblem(state, bundle, a)?.reason)).toEqual([
      "stale_attempt",
      "wrong_department",
      "unknown_item",
      "invalid_outputs",
    ]);
    for (const a of answers) {
      const decision = decide(
        state,
        { type: "ItemResultReceived", eventId: "a1", caseId: "C1", ...a },
        later(5),
      );
      const problem = answerProblem(state, bundle, a);
      expect(decision.ignored).toEqual({ reason: problem?.reason, detail: problem?.detail });
    }
  });
});
