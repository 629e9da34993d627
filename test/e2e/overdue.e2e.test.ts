/** A fast clock: a deadline passes in seconds and the sweeper escalates the item. */
import { describe, expect, it } from "vitest";
import { type CaseJson, cliJson, usePlatform } from "./support.ts";

// 20,000×: a platform day passes in about 4.3 real seconds; nobody answers, so the first item goes overdue.
const platform = await usePlatform(["--in-memory", "--no-simulate", "--time-scale", "20000"]);

describe("overdue escalation under a fast clock", () => {
  it("marks the unanswered item overdue, records it in the timeline, and tells its department", async () => {
    const { caseId } = await cliJson<{ caseId: string }>(platform.dataDir, [
      "submit",
      "after-death",
      "--sample",
    ]);
    let view: CaseJson | undefined;
    for (let i = 0; i < 90; i++) {
      view = await cliJson<CaseJson>(platform.dataDir, ["status", caseId]);
      if (view.items.some((x) => x.overdue)) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    expect(view?.items.find((x) => x.itemId === "death-certificate-hospital")?.overdue).toBe(true);
    expect(
      view?.timeline.filter((e) => e.kind === "item_overdue" && e.itemId === "death-certificate-hospital"),
    ).toHaveLength(1);
    const health = await cliJson<{ notices: { type: string; caseId: string }[] }>(platform.dataDir, [
      "tasks",
      "health",
    ]);
    expect(health.notices).toContainEqual(expect.objectContaining({ type: "TaskEscalated", caseId }));
  });
});
