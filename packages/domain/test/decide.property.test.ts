import {
  type BundleInput,
  type CaseEvent,
  type CaseState,
  createDecide,
  type Decide,
  type Decision,
  type DispatchItem,
  evaluatePredicate,
  FINAL_CASE_STATUSES,
  type ItemInput,
  type ItemState,
  loadCatalogue,
  OPEN_ITEM_STATUSES,
  readField,
} from "@onething/domain";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { APPLICANT_ID, calendar, departments } from "./fixtures.ts";

const FLAGS = ["f0", "f1", "f2", "f3"] as const;
const DEPARTMENT_IDS = departments.departments.map((d) => d.id);

type Leaf = { flag: (typeof FLAGS)[number]; value: boolean } | { outputOf: number; value: boolean };
const leafArb: fc.Arbitrary<Leaf> = fc.oneof(
  fc.record({ flag: fc.constantFrom(...FLAGS), value: fc.boolean() }),
  fc.record({ outputOf: fc.nat(), value: fc.boolean() }),
);
type Shape = { leaf: Leaf } | { not: Leaf } | { all: [Leaf, Leaf] } | { any: [Leaf, Leaf] };
const conditionArb: fc.Arbitrary<Shape> = fc.oneof(
  leafArb.map((leaf) => ({ leaf })),
  leafArb.map((l) => ({ not: l })),
  fc.tuple(leafArb, leafArb).map((ls) => ({ all: ls })),
  fc.tuple(leafArb, leafArb).map((ls) => ({ any: ls })),
);

/**
 * A random, valid bundle: a DAG of up to 8 items with hard (`dependsOn`) and soft (`after`) predecessors,
 * conditions combining field and output leaves with all / any / not, and sometimes a platform report at the end.
 */
const bundleArb = fc.integer({ min: 1, max: 8 }).chain((n) =>
  fc
    .tuple(
      fc.tuple(
        ...Array.from({ length: n }, (_, i) =>
          fc.record({
            deps: fc.subarray(Array.from({ length: i }, (_, j) => j)),
            soft: fc.subarray(Array.from({ length: i }, (_, j) => j)),
            department: fc.constantFrom(...DEPARTMENT_IDS),
            condition: fc.option(conditionArb, { nil: undefined }),
            fieldInputs: fc.subarray(["applicant.idNumber", ...FLAGS.map((f) => `answers.${f}`)]),
            readsDepOutputs: fc.boolean(),
            fatal: fc.boolean(),
            limit: fc.integer({ min: 1, max: 15 }),
          }),
        ),
      ),
      fc.option(
        fc.subarray(
          Array.from({ length: n }, (_, j) => j),
          { minLength: 1 },
        ),
        { nil: undefined },
      ),
    )
    .map(([specs, reportSources]): BundleInput => {
      const items: ItemInput[] = specs.map((s, i) => {
        const deps = s.deps.map((d) => `i${d}`);
        const after = s.soft.filter((d) => !s.deps.includes(d)).map((d) => `i${d}`);
        const predecessors = [...deps, ...after];
        const leaf = (l: Leaf) =>
          "flag" in l
            ? { field: `answers.${l.flag}`, equals: l.value }
            : predecessors.length > 0
              ? { output: `${predecessors[l.outputOf % predecessors.length]}.flag`, equals: l.value }
              : { field: "answers.f0", equals: l.value };
        const c = s.condition;
        const condition: ItemInput["condition"] =
          c === undefined
            ? undefined
            : "leaf" in c
              ? leaf(c.leaf)
              : "not" in c
                ? { not: leaf(c.not) }
                : "all" in c
                  ? { all: c.all.map(leaf) }
                  : { any: c.any.map(leaf) };
        return {
          id: `i${i}`,
          name: { zh: `事项${i}`, en: `Item ${i}` },
          kind: i % 3 === 0 ? "gate" : "task",
          department: s.department,
          dependsOn: deps,
          after,
          condition,
          inputs: {
            fields: s.fieldInputs,
            outputs: s.readsDepOutputs ? predecessors.map((d) => `${d}.flag`) : [],
          },
          outputs: [{ name: "flag", label: { zh: "标记", en: "Flag" }, type: "boolean", required: false }],
          timeLimitWorkingDays: s.limit,
          rejectionFails: s.fatal ? "case" : "item",
        };
      });
      if (reportSources) {
        const sources = reportSources.map((d) => `i${d}`);
        items.push({
          id: "report",
          name: { zh: "报告", en: "Report" },
          kind: "report",
          department: "platform",
          dependsOn: sources,
          inputs: { outputs: sources.map((d) => `${d}.flag`) },
          outputs: [{ name: "report", label: { zh: "报告", en: "Report" }, type: "records", required: true }],
          timeLimitWorkingDays: 1,
          rejectionFails: "item",
        });
      }
      return {
        id: "random",
        version: 1,
        name: { zh: "随机", en: "Random" },
        applicantKind: "person",
        form: {
          fields: [
            {
              section: "applicant",
              name: "idNumber",
              label: { zh: "身份证", en: "ID" },
              type: "idNumber",
              required: true,
            },
            {
              section: "applicant",
              name: "secret",
              label: { zh: "秘密", en: "Secret" },
              type: "text",
              required: true,
            },
            ...FLAGS.map((f) => ({
              section: "answers" as const,
              name: f,
              label: { zh: f, en: f },
              type: "boolean" as const,
              required: true,
            })),
          ],
        },
        items,
      };
    }),
);

const answersArb = fc.record({ f0: fc.boolean(), f1: fc.boolean(), f2: fc.boolean(), f3: fc.boolean() });

interface Trace {
  decisions: { before: CaseState | undefined; event: CaseEvent; decision: Decision; now: Date }[];
  final: CaseState;
}

/**
 * Drives one case: each choice picks an action (answer an open item in one of three ways, provide a supplement,
 * raise an overdue, replay an earlier event, withdraw). After the choices run out, departments complete
 * whatever is open and applicants answer every request, as "all departments answer" requires.
 */
function drive(decide: Decide, answers: Record<string, boolean>, choices: number[]): Trace {
  const decisions: Trace["decisions"] = [];
  const sent: CaseEvent[] = [];
  let clock = Date.parse("2025-03-03T09:00:00+08:00");
  let n = 0;
  let state: CaseState | undefined;
  const step = (event: CaseEvent) => {
    clock += 37 * 60 * 60 * 1000; // about a day and a half per step, so deadlines pass
    const now = new Date(clock);
    const decision = decide(state, event, now);
    decisions.push({ before: state, event, decision, now });
    sent.push(event);
    state = decision.state;
  };
  step({
    type: "ApplicationSubmitted",
    eventId: "submit",
    caseId: "P1",
    bundleId: "random",
    application: { applicant: { idNumber: APPLICANT_ID, secret: "never-leaves" }, answers },
    channel: "online",
    filedBy: { role: "citizen", id: APPLICANT_ID },
  });
  const isFinal = () => (FINAL_CASE_STATUSES as readonly string[]).includes((state as CaseState).status);
  const open = (status: ItemState["status"]) =>
    Object.values((state as CaseState).items).filter((i) => i.status === status);
  const result = (item: ItemState, kind: number): CaseEvent => ({
    type: "ItemResultReceived",
    eventId: `r${n++}`,
    caseId: "P1",
    itemId: item.itemId,
    department: item.department,
    attempt: item.attempt,
    result:
      kind % 5 === 0
        ? { outcome: "rejected", reason: "不符合条件" }
        : kind % 5 === 1 && item.attempt < 3
          ? {
              outcome: "needs_supplement",
              reason: "补正",
              requested: [{ field: "doc", description: "材料" }],
            }
          : { outcome: "completed", outputs: { flag: kind % 2 === 0 } },
  });
  const supplement = (item: ItemState): CaseEvent => ({
    type: "SupplementProvided",
    eventId: `s${n++}`,
    caseId: "P1",
    itemId: item.itemId,
    attempt: item.attempt,
    answers: { doc: "scan-1" },
  });
  for (const c of choices) {
    if (isFinal()) break;
    const dispatched = open("dispatched");
    const waiting = open("awaiting_supplement");
    const action = c % 9;
    const pick = <T>(xs: T[]) => xs[Math.floor(c / 9) % xs.length] as T;
    if (action <= 2 && dispatched.length > 0) step(result(pick(dispatched), Math.floor(c / 3)));
    else if (action === 3 && waiting.length > 0) step(supplement(pick(waiting)));
    else if (action === 4 && dispatched.length > 0) {
      const item = pick(dispatched);
      step({
        type: "ItemOverdue",
        eventId: `o${n++}`,
        caseId: "P1",
        itemId: item.itemId,
        attempt: item.attempt,
      });
    } else if (action === 5 && sent.length > 0) step(pick(sent));
    else if (action === 7 && dispatched.length > 0) {
      // Answers that must change nothing: another department's, or for an attempt that is not the current one.
      const item = pick(dispatched);
      const wrong = result(item, 2);
      if (wrong.type === "ItemResultReceived") {
        step(
          c % 2 === 0
            ? { ...wrong, department: `${item.department}-x` }
            : { ...wrong, attempt: item.attempt + 1 },
        );
      }
    } else if (action === 6 && c % 13 === 0) {
      step({
        type: "CaseWithdrawn",
        eventId: `w${n++}`,
        caseId: "P1",
        reason: "changed mind",
        by: { role: "citizen", id: APPLICANT_ID },
      });
    }
  }
  for (let guard = 0; guard < 200 && !isFinal(); guard++) {
    const [waiting] = open("awaiting_supplement");
    const [dispatched] = open("dispatched");
    if (waiting) step(supplement(waiting));
    else if (dispatched) step(result(dispatched, 2));
    else break;
  }
  return { decisions, final: state as CaseState };
}

const scenarioArb = fc.record({
  bundle: bundleArb,
  answers: answersArb,
  choices: fc.array(fc.nat({ max: 1000 }), { maxLength: 60 }),
});

function setup(bundle: BundleInput) {
  const catalogue = loadCatalogue({ bundles: [bundle], departments });
  return { decide: createDecide({ catalogue, calendar }), parsed: catalogue.bundle("random") };
}

const RUNS = { numRuns: 300 };

describe("engine properties over random catalogues and event orders", () => {
  it("every case reaches a final state once all departments answer", () => {
    fc.assert(
      fc.property(scenarioArb, ({ bundle, answers, choices }) => {
        const { decide } = setup(bundle);
        const { final } = drive(decide, answers, choices);
        expect(FINAL_CASE_STATUSES).toContain(final.status);
        expect(
          Object.values(final.items).filter(
            (i) => i.status === "pending" || OPEN_ITEM_STATUSES.includes(i.status),
          ),
        ).toEqual([]);
      }),
      RUNS,
    );
  });

  it("never dispatches an item before its dependencies complete, or when its condition is false", () => {
    fc.assert(
      fc.property(scenarioArb, ({ bundle, answers, choices }) => {
        const { decide, parsed } = setup(bundle);
        for (const { decision } of drive(decide, answers, choices).decisions) {
          const after = decision.state as CaseState;
          for (const cmd of decision.commands.filter((c): c is DispatchItem => c.type === "DispatchItem")) {
            const item = parsed.items.find((i) => i.id === cmd.itemId);
            for (const dep of item?.dependsOn ?? []) {
              const d = after.items[dep] as ItemState;
              const satisfied =
                d.status === "completed" ||
                (d.status === "skipped" && d.skipReason !== "dependency_not_completed");
              expect(satisfied, `${cmd.itemId} dispatched while ${dep} is ${d.status}`).toBe(true);
            }
            if (item?.condition) {
              const scope = {
                field: (r: string) => readField(after.application, r),
                output: (r: string) => {
                  const [id = "", name = ""] = r.split(".");
                  return after.items[id]?.status === "completed"
                    ? after.items[id]?.outputs?.[name]
                    : undefined;
                },
              };
              expect(evaluatePredicate(item.condition, scope)).toBe(true);
            }
          }
          for (const [id, s] of Object.entries(after.items)) {
            if (s.skipReason === "condition_false") expect(s.attempt, `${id} skipped but dispatched`).toBe(0);
          }
        }
      }),
      RUNS,
    );
  });

  it("answers for the wrong department or another attempt change nothing", () => {
    fc.assert(
      fc.property(scenarioArb, ({ bundle, answers, choices }) => {
        const { decide } = setup(bundle);
        for (const { before, event, decision } of drive(decide, answers, choices).decisions) {
          if (event.type !== "ItemResultReceived" || !before) continue;
          const item = before.items[event.itemId];
          if (item && (event.department !== item.department || event.attempt !== item.attempt)) {
            expect(decision.ignored?.reason).toMatch(/wrong_department|stale_attempt|case_closed/);
            expect(decision.state).toBe(before);
          }
        }
      }),
      RUNS,
    );
  });

  it("a case ends rejected whenever a fatal item could not happen, and items wait for every predecessor", () => {
    fc.assert(
      fc.property(scenarioArb, ({ bundle, answers, choices }) => {
        const { decide, parsed } = setup(bundle);
        const { final, decisions } = drive(decide, answers, choices);
        const fatalLost = parsed.items.some(
          (i) => i.rejectionFails === "case" && final.items[i.id]?.skipReason === "dependency_not_completed",
        );
        if (fatalLost) expect(["rejected", "withdrawn"]).toContain(final.status);
        for (const { decision } of decisions) {
          const after = decision.state as CaseState;
          for (const cmd of decision.commands.filter((c): c is DispatchItem => c.type === "DispatchItem")) {
            const item = parsed.items.find((i) => i.id === cmd.itemId);
            for (const p of [...(item?.dependsOn ?? []), ...(item?.after ?? [])]) {
              expect(["completed", "rejected", "skipped", "cancelled"]).toContain(after.items[p]?.status);
            }
          }
        }
      }),
      RUNS,
    );
  });

  it("applying an event twice equals applying it once", () => {
    fc.assert(
      fc.property(scenarioArb, ({ bundle, answers, choices }) => {
        const { decide } = setup(bundle);
        for (const { event, decision, now } of drive(decide, answers, choices).decisions) {
          const again = decide(decision.state, event, now);
          expect(again.state).toEqual(decision.state);
          expect(again.commands).toEqual([]);
          expect(again.ignored).toBeDefined();
        }
      }),
      RUNS,
    );
  });

  it("nothing reaches a department that its item does not declare", () => {
    fc.assert(
      fc.property(scenarioArb, ({ bundle, answers, choices }) => {
        const { decide, parsed } = setup(bundle);
        for (const { decision } of drive(decide, answers, choices).decisions) {
          for (const cmd of decision.commands.filter((c): c is DispatchItem => c.type === "DispatchItem")) {
            const item = parsed.items.find((i) => i.id === cmd.itemId);
            expect(cmd.department).toBe(item?.department);
            for (const key of Object.keys(cmd.inputs.fields)) expect(item?.inputs.fields).toContain(key);
            for (const key of Object.keys(cmd.inputs.outputs)) expect(item?.inputs.outputs).toContain(key);
            if (!item?.inputs.fields.includes("applicant.secret"))
              expect(JSON.stringify(cmd)).not.toContain("never-leaves");
            for (const key of Object.keys(cmd.supplement ?? {})) expect(key).toBe("doc");
          }
        }
      }),
      RUNS,
    );
  });
});
