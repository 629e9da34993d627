/**
 * The citizen form's place fields in headless Chromium against `onething start`: a sample sets the cascading
 * picker, clearing the province resets it, the applicant picks 浙江省 → 宁波市 → 鄞州区 → 姜山镇 (the full name shown
 * under the selects) and a receiving office; a refused place (`unknown_place`) is shown beside its field in the
 * page's language; the case records the place chosen, and the page shows it.
 */
import { type CaseView, CaseViewSchema } from "@onething/contracts";
import type { Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { expectAccessible, openPage, screenshot, signInAsCitizen, startForBrowser } from "./browser.ts";

const { platform, browser } = await startForBrowser("health");

const JIANGSHAN = "330212101"; // 姜山镇, 鄞州区
const DONGWU = "330212109"; // 东吴镇, 鄞州区
const PROVINCE = "省（自治区、直辖市）";

/** Picks `names` from the province down in the place group `group`. */
async function pick(group: Locator, names: string[]): Promise<void> {
  const labels = [PROVINCE, "市", "区（县、管委会）", "镇（街道）"];
  for (const [i, name] of names.entries())
    await group.getByLabel(labels[i] ?? "", { exact: true }).selectOption({ label: name });
}

/** `GET /v1/cases/{caseId}` with the page's own session (the token the sign-in stored for this tab). */
const caseView = async (page: Page, caseId: string): Promise<CaseView> =>
  CaseViewSchema.parse(
    await page.evaluate(async (id) => {
      const session = JSON.parse(sessionStorage.getItem("onething.session") ?? "{}");
      const r = await fetch(`/v1/cases/${encodeURIComponent(id)}`, {
        headers: { authorization: `Bearer ${session.token}` },
      });
      return r.json();
    }, caseId),
  );

describe("a citizen choosing places in the form", () => {
  it("fills the picker from a sample, picks a town and a receiving office, and the case has them", async () => {
    const { page, errors } = await openPage(browser(), platform.url);
    await signInAsCitizen(page, "沈美华");
    await page.goto("/apply/social-assistance");
    const household = page.getByRole("group", { name: "户籍所在镇（街道）" });

    // The sample carries a code (横溪镇): the selects show its chain, its full name is under them.
    await page.getByRole("button", { name: "sa-disabled-husband-student-son" }).click();
    await household.getByText("浙江省 / 宁波市 / 鄞州区 / 横溪镇").waitFor();
    expect(await household.getByLabel("镇（街道）").inputValue()).toBe("330212105");

    // Clearing the province resets everything below it.
    await household.getByLabel(PROVINCE).selectOption("");
    await expect.poll(() => household.getByRole("combobox").count()).toBe(1);
    expect(await household.locator("output").textContent()).toBe("");
    await expectAccessible(page, "the place picker, cleared");

    await pick(household, ["浙江省", "宁波市", "鄞州区", "姜山镇"]);
    await household.getByText("浙江省 / 宁波市 / 鄞州区 / 姜山镇").waitFor();
    const receiving = page.getByRole("group", { name: "受理地" });
    await pick(receiving, ["浙江省", "宁波市", "鄞州区", "东吴镇"]);
    await receiving.getByText("浙江省 / 宁波市 / 鄞州区 / 东吴镇").waitFor();
    await expectAccessible(page, "the place pickers, both picked");
    await screenshot(page, "place-picker.png");

    // A place the tree does not hold (the request altered on its way): the API's refusal beside the field, in Chinese.
    await page.route("**/v1/applications", async (route) => {
      const body = JSON.parse(route.request().postData() ?? "{}");
      body.applicant.householdPlace = "330212999";
      await route.continue({ postData: JSON.stringify(body) });
    });
    await page.getByRole("button", { name: "提交申请" }).click();
    await expect.poll(() => household.getAttribute("aria-invalid")).toBe("true");
    await household.getByRole("alert").getByText("没有这个地区，请重新选择").waitFor();
    await expectAccessible(page, "the place picker, refused");
    await page.unroute("**/v1/applications");

    // Chosen again, the error goes; the application is filed with the town picked.
    await household.getByLabel("镇（街道）").selectOption({ label: "五乡镇" });
    expect(await household.getAttribute("aria-invalid")).toBeNull();
    await household.getByLabel("镇（街道）").selectOption({ label: "姜山镇" });
    await page.getByRole("button", { name: "提交申请" }).click();
    await page.waitForURL(/\/my\/cases\/[^/]+$/);
    const caseId = decodeURIComponent(page.url().split("/").pop() ?? "");
    await page.getByTestId("case-place").getByText("浙江省 / 宁波市 / 鄞州区 / 姜山镇").waitFor();
    await page.getByTestId("case-receiving").getByText("浙江省 / 宁波市 / 鄞州区 / 东吴镇").waitFor();
    await expectAccessible(page, "the case with its places");

    const view = await caseView(page, caseId);
    expect(view.application?.applicant.householdPlace).toBe(JIANGSHAN);
    expect(view.place).toMatchObject({ code: JIANGSHAN, source: "field", field: "applicant.householdPlace" });
    expect(view.receivingOffice).toMatchObject({ jurisdiction: DONGWU, by: "applicant" });

    // In English, the same case in the tree's English names.
    await page.getByRole("button", { name: "English" }).click();
    expect(await page.getByTestId("case-place").textContent()).toMatch(/^Zhejiang.* \/ .*Jiangshan/);
    await expectAccessible(page, "the case in English");
    expect(errors).toEqual([]);
  });
});
