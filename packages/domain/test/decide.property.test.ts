import {
  type CaseState,
  evaluatePredicate,
  FINAL_CASE_STATUSES,
  type ItemState,
  OPEN_ITEM_STATUSES,
  readField,
} from "@onething/domain";
import { describe, expect, it } from "vitest";
import { dispatches } from "./fixtures.ts";
import { forEveryScenario } from "./random-case.ts";

describe("engine properties over random catalogues and event orders", () => {
  it("every case reaches a final state once all departments answer", () => {
    forEveryScenario(({ final }) => {
      expect(FINAL_CASE_STATUSES).toContain(final.status);
      expect(
        Object.values(final.items).filter(
          (i) => i.status === "pending" || OPEN_ITEM_STATUSES.includes(i.status),
        ),
      ).toEqual([]);
    });
  });

  it("never dispatches an item before its dependencies complete, or when its condition is false", () => {
    forEveryScenario(({ parsed, decisions }) => {
      for (const { decision } of decisions) {
        const after = decision.state as CaseState;
        for (const cmd of dispatches(decision.commands)) {
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
                return after.items[id]?.status === "completed" ? after.items[id]?.outputs?.[name] : undefined;
              },
            };
            expect(evaluatePredicate(item.condition, scope)).toBe(true);
          }
        }
        for (const [id, s] of Object.entries(after.items)) {
          if (s.skipReason === "condition_false") expect(s.attempt, `${id} skipped but dispatched`).toBe(0);
        }
      }
    });
  });

  it("answers for the wrong department or another attempt change nothing", () => {
    forEveryScenario(({ decisions }) => {
      for (const { before, event, decision } of decisions) {
        if (event.type !== "ItemResultReceived" || !before) continue;
        const item = before.items[event.itemId];
        if (item && (event.department !== item.department || event.attempt !== item.attempt)) {
          expect(decision.ignored?.reason).toMatch(/wrong_department|stale_attempt|case_closed/);
          expect(decision.state).toBe(before);
        }
      }
    });
  });

  it("a case ends rejected whenever a fatal item could not happen, and items wait for every predecessor", () => {
    forEveryScenario(({ parsed, final, decisions }) => {
      const fatalLost = parsed.items.some(
        (i) => i.rejectionFails === "case" && final.items[i.id]?.skipReason === "dependency_not_completed",
      );
      if (fatalLost) expect(["rejected", "withdrawn"]).toContain(final.status);
      for (const { decision } of decisions) {
        const after = decision.state as CaseState;
        for (const cmd of dispatches(decision.commands)) {
          const item = parsed.items.find((i) => i.id === cmd.itemId);
          for (const p of [...(item?.dependsOn ?? []), ...(item?.after ?? [])]) {
            expect(["completed", "rejected", "skipped", "cancelled"]).toContain(after.items[p]?.status);
          }
        }
      }
    });
  });

  it("applying an event twice equals applying it once", () => {
    forEveryScenario(({ decide, decisions }) => {
      for (const { event, decision, now } of decisions) {
        const again = decide(decision.state, event, now);
        expect(again.state).toEqual(decision.state);
        expect(again.commands).toEqual([]);
        expect(again.ignored).toBeDefined();
      }
    });
  });

  it("nothing reaches a department that its item does not declare", () => {
    forEveryScenario(({ parsed, decisions }) => {
      for (const { decision } of decisions) {
        for (const cmd of dispatches(decision.commands)) {
          const item = parsed.items.find((i) => i.id === cmd.itemId);
          expect(cmd.department).toBe(item?.department);
          for (const key of Object.keys(cmd.inputs.fields)) expect(item?.inputs.fields).toContain(key);
          for (const key of Object.keys(cmd.inputs.outputs)) expect(item?.inputs.outputs).toContain(key);
          if (!item?.inputs.fields.includes("applicant.secret"))
            expect(JSON.stringify(cmd)).not.toContain("never-leaves");
          for (const key of Object.keys(cmd.supplement ?? {})) expect(key).toBe("doc");
        }
      }
    });
  });

  it("every dispatch goes to the office its item recorded at first dispatch, which never changes", () => {
    forEveryScenario(({ decisions }) => {
      const first = new Map<string, string>();
      for (const { decision } of decisions) {
        for (const cmd of dispatches(decision.commands)) {
          expect(cmd.office.path).toBe(decision.state?.items[cmd.itemId]?.office?.path);
          expect(cmd.office.jurisdiction).toBe(decision.state?.items[cmd.itemId]?.office?.jurisdiction);
        }
        for (const [id, item] of Object.entries(decision.state?.items ?? {})) {
          if (!item.office) continue;
          const held = first.get(id) ?? item.office.path;
          first.set(id, held);
          expect(item.office.path, id).toBe(held);
        }
      }
    });
  });
});
