/**
 * Escalation up, in headless Chromium under a fast clock: nobody answers 卫健's hospital death certificate, the
 * sweeper finds it overdue and escalates it to the supervising office — 卫健 one level up, at Ningbo — and the
 * operator's case detail names that office beside the overdue mark.
 */
import { describe, expect, it } from "vitest";
import { cliJson } from "../e2e/support.ts";
import { expectAccessible, openPage, signInAsOperator, startForBrowser } from "./browser.ts";

// 20,000×: a platform day passes in about 4.3 real seconds.
const { platform, browser } = await startForBrowser("health", ["--time-scale", "20000"]);

describe("an overdue task escalated up the jurisdiction tree", () => {
  it("the operator's case detail names the supervising office it was escalated to", async () => {
    const { caseId } = await cliJson<{ caseId: string }>(platform.dataDir, [
      "submit",
      "after-death",
      "--sample-id",
      "hospital-pensioner",
    ]);
    const { page, errors } = await openPage(browser(), platform.url);
    await signInAsOperator(page, false);
    await page.goto(`/ops/cases/${encodeURIComponent(caseId)}`);
    await page.getByRole("heading", { name: `办件详情 · ${caseId}` }).waitFor();
    const row = page
      .getByRole("table", { name: "办理进度" })
      .locator('[data-item="death-certificate-hospital"]');
    await expectAccessible(page, "an open task, not yet overdue");
    await expect
      .poll(() => row.locator("[data-task-status]").textContent(), { timeout: 90_000, interval: 1000 })
      .toBe("已督办至卫生健康部门及医疗机构（宁波市）");
    await page
      .locator('[data-kind="item_overdue"]')
      .getByText("督办：卫生健康部门及医疗机构（宁波市）")
      .waitFor();
    await expectAccessible(page, "an overdue task escalated to the supervising office");
    expect(errors).toEqual([]);
  });
});
