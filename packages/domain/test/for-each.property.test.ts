import {
  type CaseEvent,
  type CaseState,
  type Command,
  type Decision,
  FINAL_CASE_STATUSES,
  type ItemResult,
  type ItemState,
} from "@onething/domain";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { answerTo, supplementFor } from "./fixtures.ts";
import {
  type Entitlement,
  forEachApplication,
  forEachDecide,
  instanceIds,
  submittedBenefits,
} from "./for-each-bundle.ts";

const decide = forEachDecide();
const TEMPLATE = "benefit-stop";
const FINISHED: readonly ItemState["status"][] = ["completed", "rejected", "skipped", "cancelled"];

interface Step {
  before: CaseState | undefined;
  event: CaseEvent;
  decision: Decision;
}

/**
 * Drives one benefits case: each choice answers an open item (an instance completed, rejected or asking for a
 * supplement; the other items completed), supplies a supplement, raises an overdue or replays an earlier event,
 * the clock moving 19 hours a step (and past the deadline for half the overdues). Then every request is
 * answered and every open item completed, as "once every instance is answered" requires.
 */
function drive(entitlements: Entitlement[], choices: number[]): { steps: Step[]; final: CaseState } {
  const steps: Step[] = [];
  const sent: CaseEvent[] = [];
  let clock = Date.parse("2025-09-30T10:00:00+08:00");
  let state: CaseState | undefined;
  let n = 0;
  const step = (event: CaseEvent) => {
    const decision = decide(state, event, new Date(clock));
    clock += 19 * 60 * 60 * 1000;
    steps.push({ before: state, event, decision });
    sent.push(event);
    state = decision.state;
  };
  const current = () => state as CaseState;
  const withStatus = (status: ItemState["status"]) =>
    Object.values(current().items).filter((i) => i.status === status);
  const isFinal = () => (FINAL_CASE_STATUSES as readonly string[]).includes(current().status);
  const result = (item: ItemState, kind: number): ItemResult => {
    if (item.forEachOf === undefined || kind % 3 === 2) {
      const outputs = item.itemId === "certificate" ? { certificateNumber: "DC" } : {};
      return { outcome: "completed", outputs: item.forEachOf ? { stoppedOn: "2025-10-09" } : outputs };
    }
    if (kind % 3 === 0) return { outcome: "rejected", reason: "不符合" };
    return item.attempt < 3
      ? { outcome: "needs_supplement", reason: "补正", requested: [{ field: "doc", description: "材料" }] }
      : { outcome: "completed", outputs: { stoppedOn: "2025-10-09" } };
  };
  const answer = (item: ItemState, kind: number) => step(answerTo("B1", item, result(item, kind), `r${n++}`));
  const supplement = (item: ItemState) =>
    step(supplementFor("B1", item.itemId, item.attempt, { doc: "scan" }, `s${n++}`));

  step(submittedBenefits(forEachApplication(entitlements)));
  for (const c of choices) {
    if (isFinal()) break;
    const dispatched = withStatus("dispatched");
    const waiting = withStatus("awaiting_supplement");
    const pick = <T>(xs: T[]) => xs[Math.floor(c / 6) % xs.length] as T;
    const action = c % 6;
    if (action <= 2 && dispatched.length > 0) answer(pick(dispatched), Math.floor(c / 7));
    else if (action === 3 && waiting.length > 0) supplement(pick(waiting));
    else if (action === 4 && dispatched.length > 0) {
      const { itemId, attempt, dueAt } = pick(dispatched);
      // Half the overdue events come once the deadline has passed (the clock jumps there), half whenever.
      if (c % 2 === 0 && dueAt) clock = Math.max(clock, Date.parse(dueAt) + 60 * 60 * 1000);
      step({ type: "ItemOverdue", eventId: `o${n++}`, caseId: "B1", itemId, attempt });
    } else if (action === 5) step(pick(sent));
  }
  for (let guard = 0; guard < 100 && !isFinal(); guard++) {
    const [waiting] = withStatus("awaiting_supplement");
    const [dispatched] = withStatus("dispatched");
    if (waiting) supplement(waiting);
    else if (dispatched) answer(dispatched, 2);
    else break;
  }
  return { steps, final: current() };
}

/** What the for-each item's status must be, given its instances (none: not run, or no elements). */
function aggregateOf(state: CaseState): ItemState["status"] {
  const template = state.items[TEMPLATE] as ItemState;
  const instances = instanceIds(state).map((id) => state.items[id] as ItemState);
  if (instances.length === 0) return template.skipReason === "no_elements" ? "skipped" : "pending";
  if (instances.some((i) => !FINISHED.includes(i.status))) return "running";
  return instances.every((i) => i.status === "completed") ? "completed" : "rejected";
}

const KEYS = ["dibao", "gaoling", "canji", "wubao", "yanglao", "shiye", "tekun", "fuxu", "yiliao", "zhufang"];
const entitlementsArb = fc.uniqueArray(
  fc.record({ code: fc.constantFrom(...KEYS), department: fc.constantFrom("hrss", "health") }),
  { maxLength: 8, selector: (e) => e.code },
);
const scenarioArb = fc.record({
  entitlements: entitlementsArb,
  choices: fc.array(fc.nat({ max: 1000 }), { maxLength: 50 }),
});

const finishEntries = (commands: readonly Command[]) =>
  commands.flatMap((c) =>
    c.type === "RecordTimeline" && (c.entry.kind === "item_completed" || c.entry.kind === "item_rejected")
      ? [c.entry.itemId]
      : [],
  );

describe("for-each properties over any list and any order of answers", () => {
  it("instances finish at most once, the for-each item is always their aggregate, and the case ends", () => {
    fc.assert(
      fc.property(scenarioArb, ({ entitlements, choices }) => {
        const { steps, final } = drive(entitlements, choices);
        const finishedAs = new Map<string, string>();
        const finishes = new Map<string, number>();
        for (const { decision } of steps) {
          const state = decision.state as CaseState;
          expect(state.items[TEMPLATE]?.status).toBe(aggregateOf(state));
          for (const id of finishEntries(decision.commands))
            finishes.set(String(id), (finishes.get(String(id)) ?? 0) + 1);
          for (const id of instanceIds(state)) {
            const s = state.items[id] as ItemState;
            const first = finishedAs.get(id);
            if (first !== undefined) expect(`${s.status}@${s.finishedAt}`, id).toBe(first);
            else if (FINISHED.includes(s.status)) finishedAs.set(id, `${s.status}@${s.finishedAt}`);
          }
          for (const c of decision.commands) {
            if (c.type !== "DispatchItem") continue;
            expect(c.itemId).not.toBe(TEMPLATE);
            const element = state.items[c.itemId]?.element;
            if (element !== undefined) {
              expect(c.department).toBe(entitlements.find((e) => e.code === element)?.department);
            }
          }
        }
        for (const [id, count] of finishes) expect(count, `${id} finished ${count} times`).toBe(1);

        expect(FINAL_CASE_STATUSES).toContain(final.status);
        const instances = instanceIds(final).map((id) => final.items[id] as ItemState);
        expect(instances.map((i) => i.element)).toEqual(
          final.items.certificate?.status === "completed" ? entitlements.map((e) => e.code) : [],
        );
        for (const i of instances) expect(["completed", "rejected"]).toContain(i.status);
        if (instances.every((i) => i.status === "completed")) expect(final.status).toBe("completed");
        else expect(final.status).toBe("completed_with_exceptions");
      }),
      { numRuns: 300 },
    );
  });

  it("replaying any applied event changes nothing", () => {
    fc.assert(
      fc.property(scenarioArb, ({ entitlements, choices }) => {
        const { steps } = drive(entitlements, choices);
        for (const { event, decision } of steps) {
          if (decision.ignored) continue;
          const again = decide(decision.state, event, new Date("2025-12-31T00:00:00Z"));
          expect(again.ignored).toBeDefined();
          expect(again.state).toEqual(decision.state);
          expect(again.commands).toEqual([]);
        }
      }),
      { numRuns: 150 },
    );
  });
});
