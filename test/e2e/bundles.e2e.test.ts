/** `onething start` with every department simulated: each bundle's sample goes in and comes out completed. */
import { describe, expect, it } from "vitest";
import { cliJson, readRuntime, usePlatform, waitForStatus } from "./support.ts";

const platform = await usePlatform([
  "--in-memory",
  "--delay-ms",
  "10-80",
  "--reject-rate",
  "0",
  "--supplement-rate",
  "0",
]);

describe("the local platform, simulated departments", () => {
  it.each(["after-death", "marriage-birth-household", "social-assistance", "elderly-care-opening"])(
    "%s: submitted through the CLI, answered by every department, completed",
    async (bundle) => {
      // The first marriage-birth-household sample is an expecting couple: that case waits for the birth (a
      // ChildBorn event, not a department), so the couple whose child is born stands for the bundle here.
      const sample = bundle === "marriage-birth-household" ? ["--sample-id", "born-then-married"] : [];
      const submitted = await cliJson<{ caseId: string; status: string }>(platform.dataDir, [
        "submit",
        bundle,
        "--sample",
        ...sample,
      ]);
      expect(submitted.status).toMatch(/in_progress|awaiting_applicant/);
      const done = await waitForStatus(platform.dataDir, submitted.caseId, ["completed"]);
      expect(done.items.filter((i) => i.status === "pending" || i.status === "dispatched")).toEqual([]);
    },
  );

  it("prints where everything runs, and Ctrl-C stops it cleanly", async () => {
    expect(platform.output()).toMatch(/OneThing is running/);
    expect(platform.output()).toContain(platform.url);
    expect(readRuntime(platform.dataDir)).toBeDefined();
    expect(await platform.stop()).toBe(0);
    expect(readRuntime(platform.dataDir)).toBeUndefined();
  });
});
