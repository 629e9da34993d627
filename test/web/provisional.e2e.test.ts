/**
 * Deadlines across the year end in headless Chromium: the platform's clock starts on 28 December 2026, when 2026 has
 * its State Council notice (a seed) and 2027 does not, so a deadline counted into 2027 is provisional (the statutory
 * holiday rule). The citizen's case page and the operator's case detail say 暂定 beside such a date and only there;
 * the operator overview names 2027 as provisional.
 */
import type { Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { cliJson, taskFor } from "../e2e/support.ts";
import {
  expectAccessible,
  openPage,
  screenshot,
  signInAsCitizen,
  signInAsOperator,
  startForBrowser,
} from "./browser.ts";

// 卫健 (the death certificate) and 民政 are played by hand: the certificate is answered here, after which 民政's
// funeral subsidy (5 working days, into 2027) and old-age allowance stop (2 working days, within 2026) stay open,
// their deadlines shown. Every other department is simulated, without refusals or supplement requests.
const { platform, browser } = await startForBrowser("health,civil-affairs", [
  "--start-at",
  "2026-12-28T10:00:00+08:00",
]);

const HINT_ZH = "按法定节假日规则推算，国务院通知发布后可能调整";
let caseId = "";

/** A 暂定 mark's own words, without the explanation beside them for screen readers (visually hidden). */
const visibleLabel = (mark: Locator) => mark.evaluate((el) => el.firstChild?.textContent ?? "");

/** The due date shown for an item (its `<time>`), and whether 暂定 / provisional is beside it. */
async function due(page: Page, itemId: string): Promise<{ text: string; provisional: number }> {
  const scope = page.locator(`[data-item="${itemId}"]`);
  const time = scope.locator("time").first();
  await time.waitFor();
  return {
    text: (await time.textContent()) ?? "",
    provisional: await scope.locator('[data-due="provisional"]').count(),
  };
}

describe("deadlines counted into a year without a holiday notice", () => {
  it("the browser test shows 暂定 on the citizen page", async () => {
    const { page, errors } = await openPage(browser(), platform.url);
    await signInAsCitizen(page, "王建国");
    await page.goto("/apply/after-death");
    await page.getByRole("button", { name: "after-death-hospital-pensioner" }).click();
    await page.getByRole("button", { name: "提交申请" }).click();
    await page.waitForURL(/\/my\/cases\/[^/]+$/);
    caseId = decodeURIComponent(page.url().split("/").pop() ?? "");
    const certificate = await taskFor(platform.dataDir, "health", caseId, "death-certificate-hospital");
    await cliJson(platform.dataDir, ["answer", certificate.taskToken, "completed", "--auto"]);

    // The funeral subsidy: 5 working days from Monday 28 December, past 元旦, end on 5 January 2027 — a year
    // without its notice, counted by the statutory rule.
    const subsidy = page.getByRole("listitem", { name: "惠民殡葬补贴" });
    await subsidy.getByText("部门办理中").waitFor();
    const long = await due(page, "funeral-subsidy");
    expect(long.text).toBe("2027/01/06 00:00");
    expect(long.provisional).toBe(1);
    const mark = subsidy.locator('[data-due="provisional"]');
    expect(await visibleLabel(mark)).toBe("暂定");
    expect(await mark.getAttribute("title")).toBe(HINT_ZH);
    // Screen readers hear the explanation with the mark; everyone can read it below the steps.
    expect(await mark.textContent()).toContain(HINT_ZH);
    await page
      .getByRole("region", { name: "办理进度" })
      .getByText(/^暂定：该期限按法定节假日规则推算/)
      .waitFor();

    // The old-age allowance stop: 2 working days, 29 and 30 December, all in 2026 (official): no 暂定.
    const allowance = page.getByRole("listitem", { name: "高龄津贴停发" });
    await allowance.getByText("部门办理中").waitFor();
    const short = await due(page, "stop-elderly-allowance");
    expect(short.text).toBe("2026/12/31 00:00");
    expect(short.provisional).toBe(0);
    expect(await allowance.getByText("暂定").count()).toBe(0);
    await expectAccessible(page, "a case with a provisional deadline");
    await screenshot(page, "provisional.png");

    // One click to English: the same mark in English.
    await page.getByRole("button", { name: "English" }).click();
    const markEn = page
      .getByRole("listitem", { name: "Funeral subsidy" })
      .locator('[data-due="provisional"]');
    await expect.poll(() => visibleLabel(markEn)).toBe("provisional");
    expect(await markEn.getAttribute("title")).toBe(
      "counted by the statutory holiday rule; may change when the State Council's notice is published",
    );
    await expectAccessible(page, "that case in English");
    expect(errors).toEqual([]);
  });

  it("the operator's case detail shows 暂定 beside the 2027 deadline, and the overview names 2027", async () => {
    expect(caseId).not.toBe("");
    const { page, errors } = await openPage(browser(), platform.url);
    await signInAsOperator(page, false);
    const strip = page.getByRole("region", { name: "工作日历" });
    await strip.getByText("工作日历：2027 年为暂定（按法定规则推算），待国务院通知发布后导入。").waitFor();
    // 2026 has its notice: only 2027 is named.
    expect(await strip.getByText("2026").count()).toBe(0);
    await expectAccessible(page, "the overview naming a provisional year");

    await page.goto(`/ops/cases/${encodeURIComponent(caseId)}`);
    await page.getByRole("heading", { name: `办件详情 · ${caseId}` }).waitFor();
    const items = page.getByRole("table", { name: "办理进度" });
    await items.locator('[data-item="funeral-subsidy"]').getByText("部门办理中").waitFor();
    const long = await due(page, "funeral-subsidy");
    expect(long.text).toBe("2027/01/06 00:00");
    expect(long.provisional).toBe(1);
    const short = await due(page, "stop-elderly-allowance");
    expect(short.text).toBe("2026/12/31 00:00");
    expect(short.provisional).toBe(0);
    // Once the simulated departments have answered, only 民政's two items are open: one 暂定 in the table.
    await expect.poll(() => items.getByText("暂定").count(), { timeout: 30_000 }).toBe(1);
    await expectAccessible(page, "the operator's case detail with a provisional deadline");
    expect(errors).toEqual([]);
  });
});
