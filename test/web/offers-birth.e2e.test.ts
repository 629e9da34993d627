/**
 * A birth's offers to both parents, in headless Chromium against `onething start`: 卫健's birth certificate system
 * records a birth (`POST /v1/events` as the source); the father finds the 婚育户 offer pre-filled from the record,
 * is told which of the fields left open are missing, and says 暂不需要 with a reason; the mother fills the open
 * fields (one of them opening another) and confirms; the overview counts both.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createDevIssuer } from "@onething/auth";
import { residentIdCheckChar } from "@onething/domain";
import type { Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { expectAccessible, openPage, screenshot, signInAsOperator, startForBrowser } from "./browser.ts";

// Every department simulated; no simulated sources, so the only offers are this birth's.
const { platform, browser } = await startForBrowser("town-office", ["--no-sources"]);

const withCheck = (first17: string) => `${first17}${residentIdCheckChar(first17)}`;
const mother = { idNumber: withCheck("33021219930812004"), name: "林晓燕" };
const father = { idNumber: withCheck("33021219910305003"), name: "周建军" };
const SOURCE = "health-birth-registry";

async function sourceToken(source: string): Promise<string> {
  const secrets = JSON.parse(readFileSync(join(platform.dataDir, "dev-secrets.json"), "utf8"));
  return createDevIssuer(secrets.devIssuerSecret).sign({
    role: "source",
    sub: `source-${source}-test`,
    source,
  });
}

/** POST /v1/events as the birth registry, then GET /v1/events/{id} until it is done; the offers it made. */
async function recordBirth(): Promise<string[]> {
  const headers = {
    authorization: `Bearer ${await sourceToken(SOURCE)}`,
    "content-type": "application/json",
  };
  const event = {
    type: "ChildBorn",
    schemaVersion: 1,
    sourceEventId: "bmc-e2e-offer-0001",
    occurredAt: "2026-03-02T08:30:00+08:00",
    child: { name: "周小雨", birthDate: "2026-03-01", birthCertificateNumber: "Q330212260301" },
    mother,
    father,
    householdPlace: "330212101",
  };
  const posted = await fetch(`${platform.url}/v1/events`, {
    method: "POST",
    headers,
    body: JSON.stringify(event),
  });
  expect(posted.status, await posted.clone().text()).toBe(202);
  for (let i = 0; i < 120; i++) {
    const r = await fetch(`${platform.url}/v1/events/${event.sourceEventId}`, { headers });
    const status = r.ok
      ? ((await r.json()) as { status: string; outcome?: { offers?: string[] } })
      : undefined;
    if (status?.status === "done") return status.outcome?.offers ?? [];
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error("the birth was not done within 30 s");
}

async function signInAs(page: Page, who: { idNumber: string; name: string }): Promise<void> {
  await page.goto("/");
  const form = page.getByRole("form", { name: "以群众身份登录" });
  await form.getByLabel("身份证号").fill(who.idNumber);
  await form.getByLabel("姓名（可选）").fill(who.name);
  await form.getByRole("button", { name: "以群众身份进入" }).click();
  await page.getByRole("heading", { name: "我的办件" }).waitFor();
  await page.getByRole("link", { name: /我的待办服务/ }).click();
  await page.getByRole("heading", { name: "我的待办服务", level: 1 }).waitFor();
}

const fact = (card: Locator, key: string) => card.locator(`[data-fact="${key}"] dd`);
const stage = (row: Locator, name: string) => row.locator(`[data-stage="${name}"]`);
const BUNDLE = "婚育户一件事";

describe("a birth's offers to both parents", () => {
  it("is declined by one parent with a reason and confirmed by the other with the open fields", async () => {
    expect(await recordBirth()).toHaveLength(2);
    const { page, errors } = await openPage(browser(), platform.url);

    await signInAs(page, father);
    const card = page.getByRole("article", { name: BUNDLE });
    expect(await card.getByTestId("offer-why").textContent()).toBe("新生儿出生登记");
    await fact(card, "answers.birthCertificateNumber").waitFor();
    expect(await fact(card, "answers.birthCertificateNumber").textContent()).toBe("Q330212260301");
    expect(await fact(card, "subject.name").textContent()).toBe("周小雨");
    expect(await fact(card, "answers.spouseIdNumber").textContent()).toBe(
      `**************${mother.idNumber.slice(-4)}`,
    );
    expect(await page.content()).not.toContain(mother.idNumber);
    await expectAccessible(page, "the father's offer, pre-filled");
    // What the record cannot know is asked; confirming without it names every missing field beside its input.
    const open = card.getByRole("group", { name: "还需要您填写" });
    await open.getByLabel(/申请人手机号/).waitFor();
    await card.getByRole("button", { name: "确认办理" }).click();
    await expect.poll(() => open.getByText("此项为必填项").count()).toBeGreaterThan(3);
    expect(await open.getByLabel(/申请人手机号/).getAttribute("aria-invalid")).toBe("true");
    await expectAccessible(page, "the offer, refused beside its open fields");

    await card.getByText("暂不需要", { exact: true }).click();
    await expectAccessible(page, "the decline form, open");
    await card.getByLabel("原因（可选）").fill("由孩子母亲办理");
    await card.getByRole("button", { name: "确认暂不需要" }).click();
    const declined = page
      .getByRole("region", { name: "已处理的服务" })
      .getByRole("article", { name: BUNDLE });
    await expect
      .poll(() => declined.getByTestId("offer-state").textContent(), { timeout: 30_000 })
      .toBe("暂不需要");
    expect(await page.getByRole("heading", { name: "我的待办服务", level: 1 }).count()).toBe(1);
    await expectAccessible(page, "the offers inbox, one declined");
    await page.getByRole("button", { name: "退出" }).click();

    await signInAs(page, mother);
    const hers = page.getByRole("article", { name: BUNDLE });
    const form = hers.getByRole("group", { name: "还需要您填写" });
    await form.getByLabel(/申请人手机号/).fill("13957423456");
    await form.getByLabel(/新生儿性别/).selectOption({ label: "女" });
    // "Already married": yes, and the certificate number it requires is asked too.
    await form
      .getByRole("group", { name: /已办理结婚登记/ })
      .getByRole("radio", { name: "是" })
      .check();
    await form.getByLabel(/结婚证字号/).fill("J330212-2024-000123");
    // The offer leaves the appointment date open too, but only a couple not yet married is asked for it.
    expect(await form.getByLabel(/预约结婚登记日期/).count()).toBe(0);
    await form
      .getByRole("group", { name: /已办理生育登记/ })
      .getByRole("radio", { name: "是" })
      .check();
    await form.getByLabel(/本次生育孩次/).fill("1");
    await form.getByLabel(/新生儿随父或随母落户/).selectOption({ label: "随母" });
    await form.getByLabel(/现居住地址/).fill("宁波市鄞州区姜山镇上张村 6 号");
    await form
      .getByRole("group", { name: /母亲参加职工基本医疗保险/ })
      .getByRole("radio", { name: "否" })
      .check();
    await expectAccessible(page, "the mother's offer, its open fields filled");
    await screenshot(page, "offers-open-fields.png");
    await hers.getByRole("button", { name: "确认办理" }).click();
    await page.waitForURL(/\/my\/cases\/[^/]+$/);
    await page
      .getByRole("region", { name: "办理记录" })
      .locator('li[data-kind="offer_accepted"]')
      .getByText("确认办理服务（平台依据规则主动发起）")
      .waitFor();
    // The rule by what it is, not by its id.
    expect(await page.getByText("child-born-offer").count()).toBe(0);
    await expectAccessible(page, "the case the offer became");
    await page.getByRole("button", { name: "退出" }).click();

    await signInAsOperator(page, false);
    const row = page
      .getByRole("region", { name: "免申即享" })
      .locator('tr[data-bundle="marriage-birth-household"]');
    await expect.poll(() => stage(row, "accepted").textContent(), { timeout: 30_000 }).toBe("1");
    expect(await stage(row, "made").textContent()).toBe("2");
    expect(await stage(row, "declined").textContent()).toBe("1");
    expect(await stage(row, "opened").textContent()).toBe("2");
    expect(await stage(row, "superseded").textContent()).toBe("0");
    await expectAccessible(page, "the overview's offers funnel");
    expect(errors).toEqual([]);
  });
});
