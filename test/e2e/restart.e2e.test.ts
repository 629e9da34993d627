/**
 * A restart while 50 cases are in flight: the first run simulates departments and is stopped right after the 50
 * submissions are accepted, so tasks, answers and events sit mid-queue. The emulator persists them under the data
 * dir (and open tasks are re-sent on start); after the restart every case finishes, and nothing is duplicated.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type CaseJson, cliJson, removeDataDir, startPlatform } from "./support.ts";

const dataDir = mkdtempSync(join(tmpdir(), "onething-restart-"));
afterAll(() => removeDataDir(dataDir));

const javaFor = (dir: string) => {
  try {
    return execFileSync("pgrep", ["-f", `dbPath ${dir}`], { encoding: "utf8" }).trim();
  } catch {
    return "";
  }
};

interface CaseList {
  cases: { caseId: string; bundleId: string; status: string }[];
}

interface TimelineEntry {
  kind: string;
  itemId?: string;
  attempt?: number;
}

// Simulated departments answer quickly but not at once, always completing: work is in flight at the stop.
const SIMULATE = ["--delay-ms", "200-800", "--reject-rate", "0", "--supplement-rate", "0"];
const OPEN = ["in_progress", "awaiting_applicant"];

const casesIn = async (status: string) =>
  (await cliJson<CaseList>(dataDir, ["cases", "--status", status, "--limit", "100"])).cases;

/** `fn` over `inputs`, `limit` at a time (each CLI call is a process). */
async function mapLimited<T, R>(inputs: readonly T[], limit: number, fn: (input: T) => Promise<R>) {
  const results: R[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < inputs.length) {
        const index = next++;
        results[index] = await fn(inputs[index] as T);
      }
    }),
  );
  return results;
}

describe("a restart with 50 cases in flight", () => {
  // The e2e project's limit (240 s): 50 cases converging after a restart take ~80 s on a quiet 2-core machine.
  it("loses nothing and duplicates nothing", async () => {
    const first = await startPlatform(SIMULATE, dataDir);
    const load = await cliJson<{ submitted: number }>(dataDir, [
      "load",
      "--cases",
      "50",
      "--rate",
      "25",
      "--no-wait",
      "--seed",
      "7",
    ]);
    expect(load.submitted).toBe(50);
    // Stop at once: tasks wait on department queues, answers and events on the orchestrator's.
    expect(await first.stop()).toBe(0);
    expect(javaFor(dataDir)).toBe(""); // no orphan DynamoDB Local

    const second = await startPlatform(SIMULATE, dataDir);
    try {
      let open = Number.POSITIVE_INFINITY;
      for (let i = 0; i < 60 && open > 0; i++) {
        await new Promise((r) => setTimeout(r, 500));
        open = (await Promise.all(OPEN.map(casesIn))).flat().length;
      }
      expect(open).toBe(0);

      const done = await casesIn("completed");
      const others = (await Promise.all(["rejected", "withdrawn"].map(casesIn))).flat();
      expect(others).toEqual([]);
      const ids = done.map((c) => c.caseId);
      expect(new Set(ids).size).toBe(ids.length); // no case twice
      expect(ids).toHaveLength(50);

      const views = await mapLimited(ids, 10, (caseId) =>
        cliJson<CaseJson & { timeline: TimelineEntry[] }>(dataDir, [
          "status",
          caseId,
          "--as",
          "operator",
          "--timeline",
          "500",
        ]),
      );
      for (const view of views) {
        expect(view.status, view.caseId).toBe("completed");
        const completions = view.timeline.filter((e) => e.kind === "item_completed").map((e) => e.itemId);
        expect(new Set(completions).size, `${view.caseId} completed an item twice`).toBe(completions.length);
        const supplemented = new Set(
          view.timeline.filter((e) => e.kind === "supplement_requested").map((e) => e.itemId),
        );
        expect(supplemented.size, view.caseId).toBe(0); // the simulation never asks for one here
        for (const item of view.items) {
          // Without a supplement request an item is dispatched once: attempt 1 (0 if it never needed a department).
          expect(item.attempt, `${view.caseId}/${item.itemId}`).toBeLessThanOrEqual(1);
        }
        const dispatches = view.timeline.filter((e) => e.kind === "item_dispatched").map((e) => e.itemId);
        expect(new Set(dispatches).size, `${view.caseId} dispatched an item twice`).toBe(dispatches.length);
      }
    } finally {
      expect(await second.stop()).toBe(0);
    }
    expect(javaFor(dataDir)).toBe("");
  });
});
