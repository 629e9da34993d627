import {
  type CaseEvent,
  type CaseState,
  createDecide,
  DataEventSchema,
  type Decision,
  isClosed,
  loadCatalogue,
} from "@onething/domain";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { calendar } from "./fixtures.ts";
import { born, familyApplication, waitOfferData } from "./wait-offer-fixtures.ts";

const decide = createDecide({ catalogue: loadCatalogue(waitOfferData()), calendar });
const START = Date.parse("2026-03-02T02:00:00Z");
const DAY = 86_400_000;
const CASE = "OT-20260302-FAMILY0001";
const birth = DataEventSchema.parse(born());

type Step = { kind: "birth" | "sweep" | "answer" | "withdraw"; day: number };
const step = fc.record({
  kind: fc.constantFrom<Step["kind"]>("birth", "sweep", "sweep", "answer", "answer", "withdraw"),
  day: fc.integer({ min: 0, max: 30 }),
});

/** The event a step makes of the case as it stands (undefined: nothing to do). */
function eventOf(s: Step, state: CaseState, n: number): CaseEvent | undefined {
  const base = { eventId: `e${n}`, caseId: CASE };
  switch (s.kind) {
    case "birth":
      return {
        ...base,
        type: "SubjectEventNoted",
        eventType: "ChildBorn",
        source: "births",
        sourceEventId: "birth-1",
        note: { zh: "出生", en: "born" },
        data: birth,
      };
    case "sweep":
      return { ...base, type: "ItemOverdue", itemId: "await", attempt: state.items.await?.attempt ?? 0 };
    case "answer": {
      const open = Object.values(state.items).find((i) => i.status === "dispatched");
      if (!open) return undefined;
      return {
        ...base,
        type: "ItemResultReceived",
        itemId: open.itemId,
        department: open.department,
        attempt: open.attempt,
        result: { outcome: "completed", outputs: {} },
      };
    }
    default:
      return { ...base, type: "CaseWithdrawn", reason: "不办了", by: { role: "citizen", id: "c1" } };
  }
}

function run(steps: Step[]): { event: CaseEvent; now: Date; before: CaseState; decision: Decision }[] {
  const submitted = decide(
    undefined,
    {
      type: "ApplicationSubmitted",
      eventId: "submit",
      caseId: CASE,
      bundleId: "family",
      application: familyApplication("2026-03-05"),
      channel: "online",
      filedBy: { role: "citizen", id: "c1" },
    },
    new Date(START),
  );
  let state = submitted.state as CaseState;
  const out: { event: CaseEvent; now: Date; before: CaseState; decision: Decision }[] = [];
  let day = 0;
  for (const [n, s] of steps.entries()) {
    day = Math.max(day, s.day); // time only moves on
    const event = eventOf(s, state, n);
    if (!event) continue;
    const now = new Date(START + day * DAY);
    const decision = decide(state, event, now);
    out.push({ event, now, before: state, decision });
    if (!decision.ignored) state = decision.state as CaseState;
  }
  return out;
}

describe("waits over any order of births, sweeps, answers and withdrawals", () => {
  it("never dispatch the wait; its hard dependent runs only after it completed; the case closes only when nothing waits", () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 12 }), (steps) => {
        for (const { decision } of run(steps)) {
          const state = decision.state as CaseState;
          for (const c of decision.commands) {
            expect(c.type === "DispatchItem" && c.itemId === "await").toBe(false);
            expect(c.type === "CancelItem" && c.itemId === "await").toBe(false);
            if (c.type === "DispatchItem" && c.itemId === "register")
              expect(state.items.await?.status).toBe("completed");
          }
          if (isClosed(state)) expect(state.items.await?.status).not.toBe("waiting");
          if (state.items.await?.status === "skipped" && state.items.await.skipReason === "wait_timed_out")
            expect(state.items.register?.status).toBe("skipped");
        }
      }),
      { numRuns: 200 },
    );
  });

  it("a sweep or an answer applied again changes nothing", () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 12 }), (steps) => {
        for (const { event, now, decision } of run(steps)) {
          if (decision.ignored || event.type === "SubjectEventNoted") continue;
          const again = decide(decision.state, event, now);
          expect(again.ignored).toBeDefined();
          expect(again.commands).toEqual([]);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("a birth noted again leaves every item as it was", () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 12 }), (steps) => {
        for (const { event, now, decision } of run(steps)) {
          if (decision.ignored || event.type !== "SubjectEventNoted") continue;
          const again = decide(decision.state, { ...event, eventId: `${event.eventId}-again` }, now);
          expect(again.state?.items).toEqual(decision.state?.items);
          expect(again.commands.filter((c) => c.type === "DispatchItem" || c.type === "MakeOffer")).toEqual(
            [],
          );
        }
      }),
      { numRuns: 200 },
    );
  });
});
