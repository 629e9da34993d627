/**
 * A restart in the middle of 50 open cases: the emulator's queues are in memory and lost, DynamoDB persists;
 * after the restart every case finishes and none is duplicated.
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

describe("a restart with 50 open cases", () => {
  it("loses nothing and duplicates nothing", async () => {
    const first = await startPlatform(["--no-simulate"], dataDir);
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
    const open = await cliJson<CaseList>(dataDir, ["cases", "--status", "in_progress", "--limit", "100"]);
    expect(open.cases).toHaveLength(50);
    expect(await first.stop()).toBe(0);
    expect(javaFor(dataDir)).toBe(""); // no orphan DynamoDB Local

    const second = await startPlatform(
      ["--delay-ms", "10-60", "--reject-rate", "0", "--supplement-rate", "0"],
      dataDir,
    );
    try {
      let remaining = 50;
      for (let i = 0; i < 240 && remaining > 0; i++) {
        await new Promise((r) => setTimeout(r, 1000));
        const stillOpen = await cliJson<CaseList>(dataDir, [
          "cases",
          "--status",
          "in_progress",
          "--limit",
          "100",
        ]);
        const waiting = await cliJson<CaseList>(dataDir, [
          "cases",
          "--status",
          "awaiting_applicant",
          "--limit",
          "100",
        ]);
        remaining = stillOpen.cases.length + waiting.cases.length;
      }
      expect(remaining).toBe(0);
      const done = await cliJson<CaseList>(dataDir, ["cases", "--status", "completed", "--limit", "100"]);
      expect(new Set(done.cases.map((c) => c.caseId))).toEqual(new Set(open.cases.map((c) => c.caseId)));
      for (const c of done.cases.slice(0, 10)) {
        const view = await cliJson<CaseJson>(dataDir, [
          "status",
          c.caseId,
          "--as",
          "operator",
          "--timeline",
          "500",
        ]);
        const completions = view.timeline.filter((e) => e.kind === "item_completed").map((e) => e.itemId);
        expect(new Set(completions).size, c.caseId).toBe(completions.length);
      }
    } finally {
      expect(await second.stop()).toBe(0);
    }
    expect(javaFor(dataDir)).toBe("");
  });
});
