/**
 * Pages a person understands, in headless Chromium against `onething start`: two 身后 cases of one applicant told
 * apart by whom they are for, the case's overall progress and what its waiting items wait for, the timeline in plain
 * words (item names, Beijing time, no ids), and the 码上办 QR code, decoded from a screenshot to the case's address.
 */
import jsqr from "jsqr";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { expectAccessible, openPage, screenshotOf, signInAsCitizen, startForBrowser } from "./browser.ts";

// jsqr is CommonJS: its function is the module and, as its types say, the module's `default`.
const jsQR = jsqr.default;

// 卫健 (health) is played by hand and never answers here: both cases stay open, their first item with 卫健.
const { platform, browser } = await startForBrowser("health");

const OTHER_SUBJECT = { name: "王阿婆", idNumber: "330212194003050048" };

describe("a citizen with two open 身后 cases", () => {
  it("tells them apart, shows each one's progress and waits in words, and a QR code of its page", async () => {
    const { page, errors } = await openPage(browser(), platform.url);
    await signInAsCitizen(page, "王建国");
    await page.getByText("还没有办件。").waitFor();
    await expectAccessible(page, "my cases, none yet");

    const apply = async (subject?: typeof OTHER_SUBJECT) => {
      await page.goto("/apply/after-death");
      await page.getByRole("button", { name: "after-death-hospital-pensioner" }).click();
      if (subject) {
        await page.getByLabel("逝者姓名").fill(subject.name);
        await page.getByLabel("逝者身份证号").fill(subject.idNumber);
      }
      await expectAccessible(page, "the application form, filled");
      await page.getByRole("button", { name: "提交申请" }).click();
      await page.waitForURL(/\/my\/cases\/[^/]+$/);
      return decodeURIComponent(new URL(page.url()).pathname.split("/").pop() ?? "");
    };
    const first = await apply();
    const second = await apply(OTHER_SUBJECT);

    // 我的办件: the same bundle twice, each row naming whom it is for.
    await page.getByRole("navigation").getByRole("link", { name: "我的办件" }).click();
    const row = (caseId: string) => page.getByRole("row").filter({ hasText: caseId });
    await row(first).getByRole("cell", { name: "王阿根", exact: true }).waitFor();
    await row(second).getByRole("cell", { name: OTHER_SUBJECT.name, exact: true }).waitFor();
    await page.getByRole("columnheader", { name: "办理对象" }).waitFor();
    await expectAccessible(page, "my cases, two of one bundle");

    await row(first).getByRole("link", { name: first }).click();
    await page.getByRole("heading", { name: `办件 ${first}` }).waitFor();
    // Overall progress, counted over the case's items, as text and as a named progress bar.
    const progress = page.getByTestId("progress-text");
    await expect.poll(() => progress.textContent()).toMatch(/^\d+ \/ \d+ 项已完成$/);
    const [done, total] = ((await progress.textContent()) ?? "").split(/\D+/).filter(Boolean).map(Number);
    expect(total).toBeGreaterThan(1);
    expect(done).toBeLessThan(total ?? 0);
    const bar = page.getByRole("progressbar", { name: /总体进度/ });
    expect(Number(await bar.getAttribute("value"))).toBe(done);
    // A pending item says which items it waits for, by their names.
    await page.locator("[data-waits-for]").first().waitFor();
    expect(await page.locator("[data-waits-for]").first().textContent()).toMatch(/^等待“.+”完成后开始办理$/);

    // The timeline in plain words: item names, Beijing time, no item ids, no English engine details.
    const timeline = page.getByRole("region", { name: "办理记录" });
    const dispatched = timeline.locator('li[data-kind="item_dispatched"]').first();
    await dispatched.getByText("居民死亡医学证明（医疗机构出具）").waitFor();
    expect(await dispatched.locator("time").textContent()).toMatch(/^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}$/);
    const text = (await timeline.textContent()) ?? "";
    expect(text).not.toContain("death-certificate-hospital");
    expect(text).not.toMatch(/\bto health at\b|\bvia online\b|\bdue 20\d\d/);

    // 码上办: the QR code decodes to this case's tracking page.
    const qr = page.getByRole("img", { name: "本办件进度页的二维码" });
    await qr.waitFor();
    await expectAccessible(page, "a case page with its progress and QR code");
    const png = PNG.sync.read(await qr.screenshot());
    const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    expect(decoded?.data).toBe(`${platform.url}/my/cases/${first}`);
    await screenshotOf(page.locator(".case-head"), "case-progress-qr.png");

    // The address it carries opens the case's page.
    await page.goto(decoded?.data ?? "/");
    await page.getByRole("heading", { name: `办件 ${first}` }).waitFor();

    await page.getByRole("button", { name: "English" }).click();
    await page.getByText(/^\d+ of \d+ done$/).waitFor();
    await expectAccessible(page, "a case page in English");
    expect(errors).toEqual([]);

    // A phone that scans the code while signed out: sign-in, then the case itself rather than 我的办件.
    const phone = await openPage(browser(), platform.url);
    await phone.page.goto(decoded?.data ?? "/");
    await phone.page.getByRole("button", { name: "通过统一身份认证登录" }).click();
    await phone.page
      .getByRole("group", { name: "群众" })
      .getByRole("button", { name: "王建国", exact: true })
      .click();
    await phone.page.getByRole("heading", { name: `办件 ${first}` }).waitFor();
    expect(new URL(phone.page.url()).pathname).toBe(`/my/cases/${encodeURIComponent(first)}`);
    await expectAccessible(phone.page, "the scanned case page after sign-in");
    await phone.context.close();
    expect(phone.errors).toEqual([]);
  });
});
