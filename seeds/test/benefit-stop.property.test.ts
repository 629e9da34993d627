import {
  type CaseEvent,
  type CaseState,
  createDecide,
  type EntitlementChange,
  entitlementChangesOf,
  type ItemResult,
  isClosed,
  residentIdCheckChar,
} from "@onething/domain";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadSeedCalendar, loadSeedCatalogue } from "../src/index.ts";

const catalogue = loadSeedCatalogue();
const bundle = catalogue.bundle("benefit-stop");
const decide = createDecide({ catalogue, calendar: loadSeedCalendar() });
const DECEASED = `33021219380512001${residentIdCheckChar("33021219380512001")}`;
const BENEFITS = [...catalogue.benefits.values()];

/** One step: answer the n-th open instance (complete, reject, ask), supply, mark overdue, replay, or withdraw. */
type Step =
  | { kind: "answer"; pick: number; outcome: "completed" | "rejected" | "needs_supplement" }
  | { kind: "supply" | "overdue" | "replay"; pick: number }
  | { kind: "withdraw" };

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant("answer" as const),
      pick: fc.nat(20),
      outcome: fc.constantFrom("completed" as const, "rejected" as const, "needs_supplement" as const),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constantFrom("supply" as const, "overdue" as const, "replay" as const),
      pick: fc.nat(20),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: "withdraw" as const }) },
);

const result = (outcome: "completed" | "rejected" | "needs_supplement"): ItemResult =>
  outcome === "completed"
    ? { outcome, outputs: { stoppedFrom: "2026-03-01" } }
    : outcome === "rejected"
      ? { outcome, reason: "该待遇已由本部门停发" }
      : {
          outcome,
          reason: "请补充死亡证明",
          requested: [{ field: "deathCertificate", description: "死亡证明" }],
        };

/** Runs the steps on one benefit-stop case, returning every entitlement change in order. */
function run(held: typeof BENEFITS, steps: Step[]): EntitlementChange[] {
  let clock = Date.parse("2026-03-02T09:30:00+08:00");
  const sent: CaseEvent[] = [];
  const changes: EntitlementChange[] = [];
  let state: CaseState | undefined;
  let n = 0;
  const apply = (event: CaseEvent) => {
    const d = decide(state, event, new Date(clock));
    clock += 26 * 60 * 60 * 1000;
    sent.push(event);
    if (d.ignored) return;
    changes.push(...entitlementChangesOf(bundle, state, d.state as CaseState));
    state = d.state;
  };
  apply({
    type: "ApplicationSubmitted",
    eventId: "submit",
    caseId: "S1",
    bundleId: "benefit-stop",
    application: {
      applicant: { idNumber: DECEASED, name: "王阿根" },
      subject: { idNumber: DECEASED, name: "王阿根", dateOfDeath: "2026-03-01" },
      answers: {
        entitlements: held.map((b) => ({ benefit: b.id, department: b.department, since: "2019-01-01" })),
      },
    },
    channel: "proactive",
    filedBy: { role: "system", id: "health-death-registry" },
  });
  for (const s of steps) {
    const current = state as CaseState;
    if (isClosed(current)) break;
    const instances = Object.values(current.items).filter((i) => i.forEachOf !== undefined);
    const withStatus = (status: string) => instances.filter((i) => i.status === status);
    const base = { eventId: `e${++n}`, caseId: "S1" };
    if (s.kind === "withdraw")
      apply({ ...base, type: "CaseWithdrawn", reason: "测试", by: { role: "operator", id: "op" } });
    else if (s.kind === "replay") {
      const again = sent[s.pick % sent.length];
      if (again) apply(again);
    } else {
      const pool = withStatus(s.kind === "supply" ? "awaiting_supplement" : "dispatched");
      const target = pool[s.pick % Math.max(pool.length, 1)];
      if (!target) continue;
      const at = { itemId: target.itemId, attempt: target.attempt };
      if (s.kind === "answer") {
        apply({
          ...base,
          ...at,
          type: "ItemResultReceived",
          department: target.department,
          result: result(s.outcome),
        });
      } else if (s.kind === "supply") {
        apply({ ...base, ...at, type: "SupplementProvided", answers: { deathCertificate: "已补" } });
      } else apply({ ...base, ...at, type: "ItemOverdue" });
    }
  }
  return changes;
}

describe("benefit-stop entitlement changes (property)", () => {
  it("ends each benefit at most once, and only after its stop went out", () => {
    const held = fc.subarray(BENEFITS, { minLength: 1 });
    fc.assert(
      fc.property(held, fc.array(step, { maxLength: 40 }), (benefits, steps) => {
        const changes = run(benefits, steps);
        for (const b of benefits) {
          const mine = changes.filter((c) => c.benefit === b.id).map((c) => c.change);
          expect(mine.filter((c) => c === "end").length).toBeLessThanOrEqual(1);
          const end = mine.indexOf("end");
          if (end >= 0) expect(mine.slice(0, end)).toContain("stopping");
          expect(mine[0]).toBe("stopping");
          expect(mine.filter((c) => c === "stopping")).toHaveLength(1);
          // After an end or a restore nothing more happens to it in this case.
          expect(mine.length).toBeLessThanOrEqual(2);
          for (const c of changes.filter((x) => x.benefit === b.id)) {
            expect(c).toMatchObject({ department: b.department, itemId: `stop-benefit--${b.id}` });
            expect(c.holder).toEqual({ idNumber: DECEASED, name: "王阿根" });
          }
        }
        expect(changes.every((c) => c.change !== "grant")).toBe(true);
      }),
      { numRuns: 150 },
    );
  });
});
