/** A department's status reports through `acceptTaskResult` and the orchestrator (docs/task-status.md). */
import { describe, expect, it } from "vitest";
import { acceptTaskResult, ORCHESTRATOR_QUEUE } from "../src/index.ts";
import { CERTIFICATE, later, NOW, taskFor, world } from "./world.ts";

async function openTask() {
  const w = world();
  const { caseId } = await w.submit();
  const task = taskFor(w.tasks("health"), CERTIFICATE);
  const report = (body: unknown, at = NOW) =>
    acceptTaskResult(w.deps, task.taskToken, body, { department: "health" }, at);
  const progress = async () => (await w.cases.getCase(caseId))?.state.items[CERTIFICATE]?.progress;
  return { w, report, progress };
}

const inProgress = (expectedBy: string) => ({ outcome: "in_progress", expectedBy });

describe("status reports: one event per change", () => {
  it("applies an expected date given again after another (X, Y, then X): the item is back at X", async () => {
    const { w, report, progress } = await openTask();
    const X = "2026-03-05";
    const Y = "2026-03-09";
    for (const [day, expectedBy] of [
      [0, X],
      [1, Y],
      [2, X],
    ] as const) {
      await report(inProgress(expectedBy), later(day));
      const outcomes = await w.orchestrate(later(day));
      expect(outcomes.map((o) => o.kind)).toEqual(["applied"]);
      expect(await progress()).toMatchObject({ status: "in_progress", expectedBy });
    }
  });

  it("keeps a resend before it applied the same event; a resend before or after it changes nothing", async () => {
    const { w, report, progress } = await openTask();
    await report(inProgress("2026-03-05"));
    await report(inProgress("2026-03-05"));
    const [first, resent] = w.queues.peek(ORCHESTRATOR_QUEUE);
    expect(resent?.dedupId).toBe(first?.dedupId);
    expect(await w.orchestrate()).toMatchObject([
      { kind: "applied" },
      { kind: "ignored", reason: "status_unchanged" },
    ]);
    await report(inProgress("2026-03-05"), later(1));
    expect(await w.orchestrate(later(1))).toMatchObject([{ kind: "ignored", reason: "status_unchanged" }]);
    expect(await progress()).toMatchObject({ expectedBy: "2026-03-05", at: NOW.toISOString() });
  });
});
