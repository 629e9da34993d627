/**
 * Property, on DynamoDB Local and the SQS emulator: for any set of entitlements and any order of death records
 * (卫健's, the platform's own from a certificate), department answers (a stop completed or rejected) and replays of
 * either, every entitlement of the dead person is decided exactly once by one benefit-stop case, one stop task per
 * benefit, each answered once in effect: ended where the stop completed, active and still counted as held by the dead
 * where the department rejected it.
 */
import type { TaskDispatchedMessage } from "@onething/contracts";
import { residentIdCheckChar } from "@onething/domain";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { testPlatform } from "../support/platform.ts";

const t = await testPlatform({ name: "benefit-stop-property" });

const BENEFITS = {
  dibao: "civil-affairs-roster",
  "elderly-allowance": "civil-affairs-roster",
  pension: "hrss-roster",
  "medical-insurance": "medical-insurance-roster",
  "housing-fund": "housing-fund-roster",
} as const;
type Benefit = keyof typeof BENEFITS;
const DEPARTMENTS = ["civil-affairs", "human-resources-social-security", "medical-insurance", "housing-fund"];

type Step = "hospitalDied" | "platformDied" | "replayDeath" | "answer" | "replayAnswers";
const occurredAt = "2026-03-02T09:30:00+08:00";

let people = 0;
let heldByTheDead = 0;
function nextPerson() {
  people++;
  const first17 = `330212194501${String(people % 28 || 1).padStart(2, "0")}${String(100 + people).padStart(3, "0")}`;
  return { idNumber: `${first17}${residentIdCheckChar(first17)}`, name: `测试${people}` };
}

describe("a death stops every benefit, exactly once", () => {
  it("holds for any entitlements and any order of deaths, answers (completed or rejected) and replays", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.constantFrom(...(Object.keys(BENEFITS) as Benefit[])), {
          minLength: 1,
          maxLength: 5,
        }),
        fc.array(
          fc.constantFrom<Step>("hospitalDied", "platformDied", "replayDeath", "answer", "replayAnswers"),
          {
            minLength: 1,
            maxLength: 8,
          },
        ),
        fc.uniqueArray(fc.constantFrom(...(Object.keys(BENEFITS) as Benefit[])), { maxLength: 2 }),
        async (benefits, steps, refused) => {
          const rejects = new Set(refused.filter((b) => benefits.includes(b)));
          const person = nextPerson();
          for (const benefit of benefits) {
            const r = await t.sendEvent(BENEFITS[benefit], {
              type: "EntitlementGranted",
              schemaVersion: 1,
              sourceEventId: `grant-${person.idNumber}-${benefit}`,
              occurredAt,
              person,
              benefit,
              since: "2015-01-01",
            });
            expect(r.status).toBe(202);
          }
          await t.drainEvents();

          const deaths = {
            hospitalDied: { source: "health-death-registry", sourceEventId: `dmc-${person.idNumber}` },
            platformDied: { source: "platform-cases", sourceEventId: `case:OT-X:${person.idNumber}` },
          };
          const death = (id: string) => ({
            type: "PersonDied",
            schemaVersion: 1,
            sourceEventId: id,
            occurredAt,
            person,
            diedOn: "2026-03-01",
          });
          const sent: { source: string; sourceEventId: string }[] = [];
          const tasks: TaskDispatchedMessage[] = [];
          const answered: TaskDispatchedMessage[] = [];
          const stopCase = async () =>
            (await t.store.listSubjectCases(person.idNumber)).find(
              (c) => c.bundleId === "benefit-stop" && c.role === "subject",
            )?.caseId;
          const collectTasks = async () => {
            const caseId = await stopCase();
            if (!caseId) return;
            for (const department of DEPARTMENTS) tasks.push(...(await t.takeTasks(department, caseId)));
          };
          const answer = async (task: TaskDispatchedMessage) => {
            const benefit = task.itemId.replace("stop-benefit--", "") as Benefit;
            const body = rejects.has(benefit)
              ? { outcome: "rejected", reason: "本部门无此人待遇记录" }
              : { outcome: "completed", outputs: { stoppedFrom: "2026-03-02" } };
            const r = await t.request(
              "POST",
              `/v1/tasks/${task.taskToken}/result`,
              t.department(task.department),
              body,
            );
            expect(r.status, JSON.stringify(r.body)).toBe(202);
          };

          for (const step of [...steps, "answer" as const]) {
            if (step === "hospitalDied" || step === "platformDied") {
              sent.push(deaths[step]);
              await t.enqueueEvent(deaths[step].source, death(deaths[step].sourceEventId));
            } else if (step === "replayDeath") {
              const again = sent[sent.length - 1];
              if (again) await t.enqueueEvent(again.source, death(again.sourceEventId));
            } else if (step === "answer") {
              await collectTasks();
              for (const task of tasks.splice(0)) {
                await answer(task);
                answered.push(task);
              }
            } else {
              for (const task of answered) await answer(task);
            }
            await t.drainEvents();
          }
          if (sent.length === 0) {
            // Nobody recorded a death: nothing is stopped.
            expect(await stopCase()).toBeUndefined();
            expect((await t.store.entitlementsOf(person.idNumber)).every((e) => e.status === "active")).toBe(
              true,
            );
            return;
          }
          const caseId = await stopCase();
          const stop = caseId ? await t.store.getCase(caseId) : undefined;
          expect(["completed", "completed_with_exceptions"]).toContain(stop?.state.status);
          const instances = Object.values(stop?.state.items ?? {}).filter((i) => i.forEachOf);
          expect(instances.map((i) => i.element).sort()).toEqual([...benefits].sort());
          for (const i of instances) {
            expect(i.attempt).toBe(1);
            expect(i.status).toBe(rejects.has(i.element as Benefit) ? "rejected" : "completed");
          }
          expect(answered.map((a) => a.itemId).sort()).toEqual(instances.map((i) => i.itemId).sort());
          const entitlements = await t.store.entitlementsOf(person.idNumber);
          expect(entitlements.map((e) => e.benefit).sort()).toEqual([...benefits].sort());
          for (const e of entitlements)
            if (rejects.has(e.benefit as Benefit)) {
              expect(e).toMatchObject({ status: "active", holderDead: true });
              heldByTheDead++;
            } else expect(e).toMatchObject({ status: "ended", endedBy: { kind: "case", caseId } });
          expect((await t.store.deathOf(person.idNumber))?.recordedBy).toBe(
            `${sent[0]?.source}:${sent[0]?.sourceEventId}`,
          );
        },
      ),
      { numRuns: 12 },
    );
    // What departments refused to stop stays in view: the overview counts exactly those.
    expect((await t.ops.summary()).benefitStops.entitlementsOfDead.total).toBe(heldByTheDead);
  });
});
