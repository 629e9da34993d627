/**
 * Places on the operator dashboard in headless Chromium against `onething start`: a Yinzhou district operator signs
 * in with an office, sees only Yinzhou's cases and figures per Yinzhou town (not Haishu's), picks a town, and the
 * delegation rate of the district.
 */
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { cliJson } from "../e2e/support.ts";
import { expectAccessible, openPage, screenshot, startForBrowser } from "./browser.ts";

const { platform, browser } = await startForBrowser("health");
let page: Page;
let errors: string[];

const DONGWU = "330212109"; // 东吴镇, 鄞州区
const HENGXI = "330212105"; // 横溪镇, 鄞州区
const JISHIGANG = "330203101"; // 集士港镇, 海曙区

/** A social-assistance sample filed at a counter of `office`, the town of the applicant's household (the case place). */
const fileAt = (sampleId: string, office: string) =>
  cliJson<{ caseId: string }>(platform.dataDir, [
    "submit",
    "social-assistance",
    "--sample",
    "--sample-id",
    sampleId,
    "--as-clerk",
    "王芳",
    "--office",
    office,
  ]);

let yinzhouCases: string[] = [];
let haishuCase = "";
beforeAll(async () => {
  yinzhouCases = [
    (await fileAt("elderly-couple-dibao", DONGWU)).caseId,
    (await fileAt("disabled-husband-student-son", HENGXI)).caseId,
  ];
  haishuCase = (await fileAt("grandmother-orphan", JISHIGANG)).caseId;
  ({ page, errors } = await openPage(browser(), platform.url));
});

const townRow = (name: string) =>
  page.getByRole("table", { name: "鄞州区下辖各地" }).getByRole("row").filter({ hasText: name });

describe("a district operator", () => {
  it("signs in with an office and sees per-town figures of that district only", async () => {
    await page.goto("/");
    await page.getByLabel("所在机构").selectOption("330212");
    await expectAccessible(page, "the sign-in page, an office picked");
    await page.getByRole("button", { name: "以运营人员身份进入" }).click();
    await page.getByRole("heading", { name: "运行总览" }).waitFor();
    await page.getByText("当前统计：鄞州区").waitFor();

    const table = page.getByRole("table", { name: "鄞州区下辖各地" });
    await table.waitFor();
    await expect
      .poll(async () => (await townRow("东吴镇").getByRole("cell").first().textContent())?.trim())
      .toBe("1");
    expect((await townRow("横溪镇").getByRole("cell").first().textContent())?.trim()).toBe("1");
    expect((await townRow("钟公庙街道").getByRole("cell").first().textContent())?.trim()).toBe("0");
    // The district's own total, Haishu's case not in it.
    expect(
      (await table.locator('tr[data-place-total="330212"]').getByRole("cell").first().textContent())?.trim(),
    ).toBe("2");
    // Haishu's towns are not Yinzhou's children, and Haishu is not in the picker.
    expect(await table.getByText("集士港镇").count()).toBe(0);
    const picker = page.getByLabel("地区");
    expect(await picker.locator("option", { hasText: "海曙区" }).count()).toBe(0);
    expect(await picker.locator("option", { hasText: "东吴镇" }).count()).toBe(1);

    const delegation = page.getByRole("table", { name: "救助审批权下放（按区县）" });
    await delegation.getByRole("row").filter({ hasText: "鄞州区" }).waitFor();
    expect(await delegation.getByText("海曙区").count()).toBe(0);
    await expectAccessible(page, "a district operator's overview");
    await screenshot(page, "places-district-operator.png");
  });

  it("picks a town from the tree: its figures, no table of children", async () => {
    await page.getByLabel("地区").selectOption(DONGWU);
    await page.getByText("当前统计：东吴镇").waitFor();
    expect(page.url()).toMatch(/place=330212109/);
    await page.getByRole("table", { name: "鄞州区下辖各地" }).waitFor({ state: "detached" });
    // The town's one case, in whatever state the simulated departments have brought it to by now.
    const row = page
      .getByRole("region", { name: "各事项办件状态" })
      .locator('tr[data-bundle="social-assistance"]');
    const total = async () =>
      (await row.getByRole("cell").allTextContents()).reduce((sum, text) => sum + Number(text), 0);
    await expect.poll(total).toBe(1);
    await expectAccessible(page, "a town's overview");
  });

  it("lists Yinzhou's cases and not Haishu's", async () => {
    await page.getByRole("link", { name: "办件", exact: true }).click();
    // The simulated departments may have closed them already: the bundle names closed cases too.
    await page.getByLabel("事项").selectOption({ label: "救助一件事" });
    await page.getByRole("button", { name: "筛选", exact: true }).click();
    const list = page.getByRole("table", { name: "办件列表" });
    for (const caseId of yinzhouCases) await list.getByRole("row").filter({ hasText: caseId }).waitFor();
    expect(await list.getByText(haishuCase).count()).toBe(0);
    await expectAccessible(page, "a district's case list");

    // Narrowed to a town by the picker (the filter lands in the URL).
    await page.getByLabel("地区").selectOption(HENGXI);
    await page.getByRole("button", { name: "筛选", exact: true }).click();
    expect(page.url()).toMatch(/place=330212105/);
    await list
      .getByRole("row")
      .filter({ hasText: yinzhouCases[1] ?? "" })
      .waitFor();
    await expect.poll(() => list.getByText(yinzhouCases[0] ?? "").count()).toBe(0);
    await expectAccessible(page, "a town's case list");
    expect(errors).toEqual([]);
  });
});
