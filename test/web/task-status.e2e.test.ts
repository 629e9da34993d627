/**
 * A task's status in headless Chromium against `onething start`: 卫健 (played by hand with the CLI) reports the
 * hospital death certificate accepted, then in progress with an expected date, then transfers it from Yinzhou's
 * office to Haishu's; the citizen's case page and the operator's case detail say so in words at each step.
 */
import type { Page } from "playwright-core";
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

const { platform, browser } = await startForBrowser("health");
const ITEM = "death-certificate-hospital";
const NAME_ZH = "居民死亡医学证明（医疗机构出具）";
let caseId = "";

const statusOf = (page: Page) =>
  page.getByRole("listitem", { name: NAME_ZH }).locator("[data-task-status]").textContent();

describe("a department's status reports and transfer, as the pages show them", () => {
  it("the citizen's case page shows accepted, in progress by a date, and the transfer", async () => {
    const { page, errors } = await openPage(browser(), platform.url);
    await signInAsCitizen(page, "王建国");
    await page.goto("/apply/after-death");
    await page.getByRole("button", { name: "after-death-hospital-pensioner" }).click();
    await page.getByRole("button", { name: "提交申请" }).click();
    await page.waitForURL(/\/my\/cases\/[^/]+$/);
    caseId = decodeURIComponent(page.url().split("/").pop() ?? "");
    const step = page.getByRole("listitem", { name: NAME_ZH });
    await step.getByText("部门办理中").waitFor();
    expect(await step.locator("[data-task-status]").count()).toBe(0);
    await expectAccessible(page, "a task with no report yet");

    const task = await taskFor(platform.dataDir, "health", caseId, ITEM);
    await cliJson(platform.dataDir, ["answer", task.taskToken, "accepted"]);
    await expect.poll(() => statusOf(page), { timeout: 20_000 }).toBe("部门已受理");
    await expectAccessible(page, "a task the department accepted");

    await cliJson(platform.dataDir, ["answer", task.taskToken, "in-progress", "--expected-by", "2027-01-15"]);
    await expect
      .poll(() => statusOf(page), { timeout: 20_000 })
      .toBe("部门报告正在办理；预计 2027/01/15 前办结");
    await page.getByRole("region", { name: "办理记录" }).getByText("预计 2027/01/15 前办结").waitFor();
    await expectAccessible(page, "a task in progress with an expected date");
    await screenshot(page, "task-status.png");

    await cliJson(platform.dataDir, [
      "answer",
      task.taskToken,
      "transferred",
      "--to",
      "330203",
      "--reason",
      "医院在海曙区",
    ]);
    await expect.poll(() => statusOf(page), { timeout: 20_000 }).toBe("已由鄞州区转交海曙区办理");
    await expectAccessible(page, "a transferred task");

    await page.getByRole("button", { name: "English" }).click();
    const stepEn = page.getByRole("listitem", { name: "Death medical certificate (issued by the hospital)" });
    await expect
      .poll(() => stepEn.locator("[data-task-status]").textContent())
      .toBe("Transferred from Yinzhou to Haishu");
    await expectAccessible(page, "a transferred task in English");
    expect(errors).toEqual([]);
  });

  it("the operator's case detail shows the transfer and the new office's report", async () => {
    expect(caseId).not.toBe("");
    const moved = await taskFor(platform.dataDir, "health", caseId, ITEM, 2);
    await cliJson(platform.dataDir, ["answer", moved.taskToken, "accepted"]);
    const { page, errors } = await openPage(browser(), platform.url);
    await signInAsOperator(page, false);
    await page.goto(`/ops/cases/${encodeURIComponent(caseId)}`);
    await page.getByRole("heading", { name: `办件详情 · ${caseId}` }).waitFor();
    const row = page.getByRole("table", { name: "办理进度" }).locator(`[data-item="${ITEM}"]`);
    await expect
      .poll(() => row.locator("[data-task-status]").textContent(), { timeout: 20_000 })
      .toBe("部门已受理；已由鄞州区转交海曙区办理");
    await page.locator('[data-kind="item_transferred"]').getByText("由鄞州区转至海曙区").waitFor();
    await expectAccessible(page, "the operator's case detail of a transferred, accepted task");
    expect(errors).toEqual([]);
  });
});
