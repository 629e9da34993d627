/**
 * The citizen's pages in headless Chromium against `onething start`: sign in, apply through the generated form
 * (a Chinese page shows a Chinese message for a bad ID number, beside the field), answer a supplement request, see
 * the case complete with its asset-inquiry report.
 */
import { describe, expect, it } from "vitest";
import { askForCertificateScan, cliJson, taskFor } from "../e2e/support.ts";
import { expectAccessible, openPage, screenshot, signInAsCitizen, startForBrowser } from "./browser.ts";

// 卫健 (health) is played by hand so that it can ask the citizen for more; every other department is simulated,
// quickly and without refusals, so the case reaches its end within the test.
const { platform, browser } = await startForBrowser("health", ["--no-applicant-replies"]);

const SUBJECT_ID = "330212193805120015"; // the sample's deceased, valid
const WRONG_CHECK_DIGIT = "330212193805120016"; // same digits, wrong GB 11643 check character

describe("a citizen applying after a death", () => {
  it("submits through the form, fixes a bad ID number, answers a supplement request and sees the case complete", async () => {
    const { page, errors } = await openPage(browser(), platform.url);
    await signInAsCitizen(page, "王建国");
    await expectAccessible(page, "my cases");

    await page.getByRole("navigation").getByRole("link", { name: "办事" }).click();
    await expectAccessible(page, "the bundle list");
    await page.getByRole("link", { name: "开始申请 · 身后一件事" }).click();
    await page.getByRole("button", { name: "after-death-hospital-pensioner" }).click();
    const subjectId = page.getByLabel("逝者身份证号");
    await subjectId.fill(WRONG_CHECK_DIGIT);
    await page.getByRole("button", { name: "提交申请" }).click();

    // The API's refusal (a naive 18-character pattern would pass this number), beside the field it names: its
    // issue code and params in the page's language, never the server's English sentence.
    await expect.poll(() => subjectId.getAttribute("aria-invalid")).toBe("true");
    const describedBy = (await subjectId.getAttribute("aria-describedby")) ?? "";
    const fieldError = page.locator(`[id="${describedBy.split(" ")[0]}"]`);
    expect(await fieldError.textContent()).toBe("校验码应为 5（GB 11643）");
    expect(await page.getByText("check character must be").count()).toBe(0);
    await expectAccessible(page, "the application form, refused beside a field");

    await subjectId.fill(SUBJECT_ID);
    expect(await subjectId.getAttribute("aria-invalid")).toBeNull();
    await page.getByRole("button", { name: "提交申请" }).click();
    await page.waitForURL(/\/my\/cases\/[^/]+$/);
    const caseId = decodeURIComponent(page.url().split("/").pop() ?? "");
    await page.getByRole("heading", { name: `办件 ${caseId}` }).waitFor();
    await expectAccessible(page, "a new case");

    // 卫健 asks for the original certificate; the page shows what is asked and a form to answer it.
    await askForCertificateScan(platform.dataDir, caseId);
    const supplement = page.getByRole("form", { name: "部门要求补正" });
    await supplement.getByText("原因：请补充死亡医学证明原件照片").waitFor();
    // Labelled by the department's words for what it asks, never by the field's name.
    const asked = supplement.getByLabel(/死亡医学证明原件照片/);
    await asked.waitFor();
    expect(await supplement.getByText("certificateScan").count()).toBe(0);
    await expectAccessible(page, "a supplement request");
    await asked.fill("upload://cert.jpg");
    await supplement.getByRole("button", { name: "提交补正材料" }).click();
    // Answered: the request is gone and the item is back with the department.
    await supplement.waitFor({ state: "detached" });
    const step = page.getByRole("listitem", { name: "居民死亡医学证明（医疗机构出具）" });
    await step.getByText("部门办理中").waitFor();
    await expectAccessible(page, "a supplement answered");

    const second = await taskFor(platform.dataDir, "health", caseId, "death-certificate-hospital", 2);
    await cliJson(platform.dataDir, ["answer", second.taskToken, "completed", "--auto"]);

    // Every other department is simulated: the page follows the case to its end without a reload.
    await page.getByTestId("case-status").getByText("已办结").waitFor({ timeout: 120_000 });
    const report = page.getByRole("table", { name: "涉财联办查询报告" });
    await report.waitFor();
    expect(await report.getByRole("row").count()).toBeGreaterThan(1);
    expect(await step.getByText("已完成").count()).toBe(1);
    // Outputs by their declared labels and formatted by type, never by their raw names.
    await step.getByText("死亡证明编号").waitFor();
    expect(await page.getByText("certificateNumber").count()).toBe(0);
    const cancelledOn = page.locator('[data-item="household-cancellation"] [data-output="cancelledOn"] dd');
    expect(await cancelledOn.textContent()).toMatch(/^\d{4}\/\d{2}\/\d{2}$/);
    // The report: localized column headers, department names, the platform as its department.
    await report.getByRole("columnheader", { name: "持有人" }).waitFor();
    await report.getByRole("columnheader", { name: "查询部门" }).waitFor();
    expect(await report.getByRole("columnheader", { name: "holder", exact: true }).count()).toBe(0);
    await report.getByRole("cell", { name: "银行业金融机构", exact: true }).waitFor();
    expect(await report.getByRole("cell", { name: "banks", exact: true }).count()).toBe(0);
    await page.getByRole("listitem", { name: "涉财联办查询报告" }).getByText("平台（自动汇总）").waitFor();
    // The timeline in words: kinds and skip reasons localized, no raw codes.
    const timeline = page.getByRole("region", { name: "办理记录" });
    await timeline.getByRole("listitem").filter({ hasText: "不适用（条件不满足）" }).first().waitFor();
    await timeline.getByText("提交申请").first().waitFor();
    expect(await timeline.getByText("condition_false").count()).toBe(0);
    expect(await timeline.getByText("item_dispatched").count()).toBe(0);
    expect(await page.getByTestId("progress-text").textContent()).toMatch(/^(\d+) \/ \1 项已完成$/);
    await expectAccessible(page, "a finished case with its report");
    await screenshot(page, "case.png");

    await page.getByRole("navigation").getByRole("link", { name: "我的办件" }).click();
    await page.getByRole("row").filter({ hasText: caseId }).getByText("已办结").waitFor();
    await page.getByRole("row").filter({ hasText: caseId }).getByText("王阿根").waitFor();
    await expectAccessible(page, "my cases, one finished");
    expect(errors).toEqual([]);
  });
});

describe("signing in", () => {
  it("refuses a bad ID number in Chinese, naming the field by its label", async () => {
    const { page, errors } = await openPage(browser(), platform.url);
    await page.goto("/");
    const form = page.getByRole("form", { name: "以群众身份登录" });
    await form.waitFor();
    await expectAccessible(page, "the sign-in page");
    await form.getByLabel("身份证号").fill(WRONG_CHECK_DIGIT);
    await form.getByRole("button", { name: "以群众身份进入" }).click();
    const alert = form.getByRole("alert");
    await alert.waitFor();
    const text = (await alert.textContent()) ?? "";
    expect(text).toMatch(/^登录失败：提交的内容有误，请按提示修改。身份证号：/);
    // No English sentence of the server's (the gateway's own words for the ID number are English).
    expect(text).not.toMatch(/[a-z]{3,}/);
    await expectAccessible(page, "the sign-in page, refused");
    expect(errors).toEqual([]);
  });
});

describe("withdrawing", () => {
  it("a citizen withdraws an open case with a reason", async () => {
    const { page, errors } = await openPage(browser(), platform.url);
    await signInAsCitizen(page, "周敏");
    await page.goto("/apply/after-death");
    await page.getByRole("button", { name: "after-death-hospital-veteran-working-age" }).click();
    await page.getByRole("button", { name: "提交申请" }).click();
    await page.waitForURL(/\/my\/cases\/[^/]+$/);

    // 卫健 holds the first item (played by hand and never answered here), so the case stays open.
    await page.getByText("撤回申请").click();
    await expectAccessible(page, "the withdraw form, open");
    await page.getByLabel("撤回原因").fill("家属改为窗口办理");
    await page.getByRole("button", { name: "确认撤回" }).click();
    await page.getByTestId("case-status").getByText("已撤回").waitFor();
    await page.getByRole("listitem").filter({ hasText: "家属改为窗口办理" }).first().waitFor();
    await expectAccessible(page, "a withdrawn case");
    expect(errors).toEqual([]);
  });
});

describe("a household in hardship", () => {
  it("applies for social assistance: fields shown by numeric conditions are filled and accepted", async () => {
    const { page, errors } = await openPage(browser(), platform.url);
    await signInAsCitizen(page, "沈美华");
    await page.goto("/apply/social-assistance");
    await page.getByRole("button", { name: "sa-disabled-husband-student-son" }).click();
    // Required only when subject.householdSize > 1 (a `gt` condition): visible and filled from the sample.
    expect(await page.getByLabel(/其他家庭成员/).inputValue()).toContain("郑国平");
    await expectAccessible(page, "the social assistance form, filled");
    await page.getByRole("button", { name: "提交申请" }).click();
    await page.waitForURL(/\/my\/cases\/[^/]+$/);
    await page.getByRole("heading", { name: "办理进度" }).waitFor();
    await expectAccessible(page, "a new case's page");
    expect(errors).toEqual([]);
  });
});

describe("an organisation", () => {
  it("signs in for an organisation and applies for the elderly-care home opening", async () => {
    const { page, errors } = await openPage(browser(), platform.url);
    await page.goto("/");
    await page.getByRole("button", { name: "宁波康颐养老服务集团有限公司" }).click();
    await page.getByRole("button", { name: "以群众身份进入" }).click();
    await page.getByRole("navigation").getByRole("link", { name: "办事" }).click();
    await page.getByRole("link", { name: "开始申请 · 养老机构开业一件事" }).click();
    await page.getByRole("button", { name: "eco-nonprofit-with-clinic" }).click();
    await expectAccessible(page, "the elderly-care opening form, filled");
    await page.getByRole("button", { name: "提交申请" }).click();
    await page.waitForURL(/\/my\/cases\/[^/]+$/);
    await page.getByRole("heading", { name: "办理进度" }).waitFor();
    await expectAccessible(page, "a new case's page");
    expect(errors).toEqual([]);
  });
});
