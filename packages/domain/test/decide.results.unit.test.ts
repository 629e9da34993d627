import type { CaseEvent, CaseState, ItemResultReceived } from "@onething/domain";
import { describe, expect, it } from "vitest";
import { completed, dispatchedIds, dispatches, miniApplication } from "./fixtures.ts";
import { later, useMiniEngine } from "./mini-engine.ts";

const { decide, run, open } = useMiniEngine();

describe("running to a final state", () => {
  it("dispatches dependents the moment the last dependency completes, with its outputs", () => {
    const { state } = open();
    const d = decide(
      state,
      completed(state, "cert-hospital", { certificateNumber: "NB-2025-0001" }),
      later(60),
    );

    expect(dispatchedIds(d.commands)).toEqual(["household", "pension"]);
    expect(dispatches(d.commands)[0]?.inputs.outputs).toEqual({
      "cert-hospital.certificateNumber": "NB-2025-0001",
    });
  });

  it("completes when every item is done, assembling the asset report in one place", () => {
    const { state } = run(open().state, [
      (s) => completed(s, "cert-hospital", { certificateNumber: "NB-2025-0001" }),
      (s) => completed(s, "cremation"),
      (s) => completed(s, "pension", { grantAmount: 12000 }),
      (s) => completed(s, "household"),
      (s) =>
        completed(s, "bank-inquiry", {
          holdings: [
            { holder: "工商银行", kind: "deposit", amount: 52000 },
            { holder: "宁波银行", kind: "deposit", amount: 8000 },
          ],
        }),
    ]);

    expect(state.status).toBe("completed");
    expect(state.items["asset-report"]?.outputs?.report).toEqual([
      {
        source: "bank-inquiry",
        department: "banks",
        status: "completed",
        holder: "工商银行",
        kind: "deposit",
        amount: 52000,
      },
      {
        source: "bank-inquiry",
        department: "banks",
        status: "completed",
        holder: "宁波银行",
        kind: "deposit",
        amount: 8000,
      },
    ]);
    expect("closedAt" in state && state.closedAt).toBeTruthy();
  });

  it("never dispatches an item whose condition is false", () => {
    const { state, commands } = run(open(miniApplication({ isPensioner: false })).state, [
      (s) => completed(s, "cert-hospital", { certificateNumber: "X1" }),
    ]);
    expect(dispatchedIds(commands)).toEqual(["household"]);
    expect(state.items.pension).toMatchObject({
      status: "skipped",
      skipReason: "condition_false",
      attempt: 0,
    });
  });

  it("refuses outputs the item does not declare or lacks, changing nothing", () => {
    const { state } = open();
    const missing = decide(state, completed(state, "cert-hospital", {}), later(10));
    const extra = decide(
      state,
      completed(state, "cert-hospital", { certificateNumber: "A", idNumber: "x" }),
      later(10),
    );

    expect(missing.ignored?.reason).toBe("invalid_outputs");
    expect(missing.ignored?.detail).toContain("outputs.certificateNumber");
    expect(extra.ignored?.detail).toContain("outputs.idNumber");
    expect(missing.state).toBe(state);
  });
});

describe("results that must change nothing", () => {
  it("says why for an old attempt, a finished item, the wrong department, an unknown item or case", () => {
    const { state } = open();
    const result = completed(state, "cremation") as ItemResultReceived;
    const cases: [CaseState | undefined, CaseEvent, string][] = [
      [state, { ...result, attempt: 0 }, "stale_attempt"],
      [state, { ...result, department: "health" }, "wrong_department"],
      [state, { ...result, itemId: "nope" }, "unknown_item"],
      [undefined, result, "unknown_case"],
      [state, { ...result, itemId: "household" }, "stale_attempt"],
    ];
    for (const [s, event, reason] of cases) {
      const d = decide(s, event, later(10));
      expect(d.ignored?.reason).toBe(reason);
      expect(d.state).toBe(s);
      expect(d.commands).toEqual([]);
    }
    const done = decide(state, result, later(10)).state as CaseState;
    expect(decide(done, { ...result, eventId: "again" }, later(11)).ignored?.reason).toBe("item_not_open");
  });

  it("treats a replayed event as a no-op", () => {
    const { state } = open();
    const event = completed(state, "cert-hospital", { certificateNumber: "A" });
    const once = decide(state, event, later(10));
    const twice = decide(once.state, event, later(11));
    expect(twice.ignored).toBeDefined();
    expect(twice.state).toEqual(once.state);
  });

  it("refuses outputs too large to keep in the case", () => {
    const start = run(open().state, [
      (s) => completed(s, "cert-hospital", { certificateNumber: "A" }),
      (s) => completed(s, "household"),
    ]).state;
    const rows = Array.from({ length: 150 }, (_, i) => ({ holder: `银行${i}`, note: "x".repeat(200) }));
    const d = decide(start, completed(start, "bank-inquiry", { holdings: rows }), later(10));
    expect(d.ignored?.reason).toBe("invalid_outputs");
    expect(d.ignored?.detail).toMatch(/at most 16384/);
  });
});
