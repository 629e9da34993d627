/**
 * Properties of status reports, transfers and escalations over random sequences of them (fast-check): the deadline
 * never restarts, the department never changes, the item is always at one of its department's offices, every
 * dispatch goes to the item's office, and applying an event twice equals applying it once.
 */
import { type CaseEvent, type CaseState, createDecide, loadCatalogue } from "@onething/domain";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { calendar } from "./fixtures.ts";
import { at, dispatches, placeData, submission, tree, WUXIANG } from "./places-fixtures.ts";

const catalogue = loadCatalogue(
  placeData((d) => {
    const departments = (d.departments as { departments: { id: string; escalation?: object }[] }).departments;
    const realEstate = departments.find((x) => x.id === "real-estate");
    if (realEstate) realEstate.escalation = { supervisor: "civil-affairs" };
  }),
);
const decide = createDecide({ catalogue, calendar });
const codes = tree.nodes.map((n) => n.code);
const start = decide(undefined, submission(WUXIANG), at("2025-03-03")).state as CaseState;

type Step =
  | { kind: "report"; status: "accepted" | "in_progress"; day: number; stale: boolean }
  | { kind: "transfer"; to: string; stale: boolean }
  | { kind: "overdue"; day: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant("report" as const),
    status: fc.constantFrom("accepted" as const, "in_progress" as const),
    day: fc.integer({ min: 0, max: 20 }),
    stale: fc.boolean(),
  }),
  fc.record({ kind: fc.constant("transfer" as const), to: fc.constantFrom(...codes), stale: fc.boolean() }),
  fc.record({ kind: fc.constant("overdue" as const), day: fc.integer({ min: 0, max: 20 }) }),
);

function eventOf(state: CaseState, s: Step, n: number): CaseEvent {
  const item = state.items.property;
  const attempt = (item?.attempt ?? 1) - (s.kind !== "overdue" && s.stale ? 1 : 0);
  const base = { eventId: `e${n}`, caseId: state.caseId, itemId: "property", attempt };
  if (s.kind === "report") {
    const expectedBy = s.day > 10 ? `2025-04-${String(s.day).padStart(2, "0")}` : undefined;
    return {
      type: "ItemStatusReported",
      ...base,
      department: "real-estate",
      status: s.status,
      ...(expectedBy ? { expectedBy } : {}),
    };
  }
  if (s.kind === "transfer")
    return { type: "ItemTransferRequested", ...base, department: "real-estate", to: s.to };
  return { type: "ItemOverdue", ...base };
}

const dayOf = (s: Step, n: number) =>
  at(`2025-03-${String(3 + ((s.kind === "transfer" ? n : s.day) % 25)).padStart(2, "0")}`);

describe("status, transfer and escalation properties", () => {
  it("keep the deadline, the department and an office of it; dispatch to the item's office; apply once", () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 12 }), (steps) => {
        let state = start;
        const dueAt = start.items.property?.dueAt;
        for (const [n, s] of steps.entries()) {
          const event = eventOf(state, s, n);
          const now = dayOf(s, n);
          const once = decide(state, event, now);
          const next = (once.state ?? state) as CaseState;
          // Applying the same event again (a redelivery after it applied) changes nothing and sends nothing.
          if (!once.ignored) {
            const twice = decide(next, event, now);
            expect(twice.commands.filter((c) => c.type !== "RecordTimeline")).toEqual([]);
          }
          const item = next.items.property;
          expect(item?.department).toBe("real-estate");
          expect(item?.dueAt).toBe(dueAt);
          const level = catalogue.places.find(item?.office?.jurisdiction ?? "")?.level;
          expect(["city", "district"]).toContain(level);
          for (const d of dispatches(once.commands))
            expect(d.office.jurisdiction).toBe(item?.office?.jurisdiction);
          expect(item?.escalations ?? 0).toBeLessThanOrEqual(2);
          state = next;
        }
      }),
      { numRuns: 200 },
    );
  });
});
