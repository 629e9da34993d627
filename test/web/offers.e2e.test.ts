/**
 * 免申即享 in headless Chromium against `onething start`: 医保 sends a large medical expense for a household outside
 * assistance (`POST /v1/events` as the source), the town office answers the outreach visit with the outcome
 * "application" and every field of social assistance, and the household finds a pre-filled social-assistance offer
 * in its inbox, confirms it in one click and lands on the new case; the operator overview shows the funnel.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createDevIssuer } from "@onething/auth";
import { residentIdCheckChar } from "@onething/domain";
import type { Locator } from "playwright-core";
import { describe, expect, it } from "vitest";
import { cliJson, taskFor, waitForStatus } from "../e2e/support.ts";
import {
  expectAccessible,
  openPage,
  screenshot,
  screenshotOf,
  signInAsOperator,
  startForBrowser,
} from "./browser.ts";

// 乡镇（街道）is played by hand, so the visit waits for this test's answer; no simulated sources, so every offer
// the funnel counts is this test's own.
const { platform, browser } = await startForBrowser("town-office", ["--no-sources"]);

const SOURCE = "medical-insurance-roster";
const JIANGSHAN = "330212101"; // 鄞州区姜山镇
const first17 = "33021219720415003";
const household = { idNumber: `${first17}${residentIdCheckChar(first17)}`, name: "陈美华" };

/** A dev token as the source system's principal (the claims a source's identity provider would issue). */
async function sourceToken(source: string): Promise<string> {
  const secrets = JSON.parse(readFileSync(join(platform.dataDir, "dev-secrets.json"), "utf8"));
  return createDevIssuer(secrets.devIssuerSecret).sign({
    role: "source",
    sub: `source-${source}-test`,
    source,
  });
}

interface EventStatus {
  status: string;
  outcome?: { startedCases: string[]; touchedCases: string[] };
}

/** POST /v1/events as the source, then GET /v1/events/{id} until the events function has run it. */
async function sendEvent(source: string, event: { sourceEventId: string }): Promise<EventStatus> {
  const headers = {
    authorization: `Bearer ${await sourceToken(source)}`,
    "content-type": "application/json",
  };
  const posted = await fetch(`${platform.url}/v1/events`, {
    method: "POST",
    headers,
    body: JSON.stringify(event),
  });
  expect(posted.status, await posted.clone().text()).toBe(202);
  for (let i = 0; i < 120; i++) {
    const r = await fetch(`${platform.url}/v1/events/${event.sourceEventId}`, { headers });
    if (r.ok) {
      const status = (await r.json()) as EventStatus;
      if (status.status === "done") return status;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`event ${event.sourceEventId} from ${source} was not done within 30 s`);
}

/** What the social worker learnt at the visit: the outcome, and every social-assistance field the offer carries. */
const VISIT = {
  outcome: "application",
  notes: "入户走访：家庭因病支出大，申请临时救助",
  phone: "13857412345",
  address: "宁波市鄞州区姜山镇茅东村 18 号",
  householdSize: 1,
  monthlyIncome: 1800,
  residency: "hukou",
  requestedAssistance: "temporary",
  urgent: false,
  consentToVerification: true,
  hasMajorMedicalExpenses: true,
  studentsInSchool: 0,
  housingDifficulty: false,
  unemployedMembers: 0,
  disabledMembers: 0,
  hasChildInDifficulty: false,
  needsLegalAid: false,
  hasCableTv: false,
};

/** The cell of a funnel row for one stage. */
const stage = (row: Locator, name: string) => row.locator(`[data-stage="${name}"]`);

/**
 * 医保's alert for the household opens a visit at 姜山镇; the social worker answers it with the outcome
 * "application": the offer is written in the same commit as the visit's completion. The visit's case id.
 */
async function visitMakesOffer(): Promise<string> {
  const sent = await sendEvent(SOURCE, {
    type: "LargeMedicalExpense",
    schemaVersion: 1,
    sourceEventId: "mi-e2e-offer-0001",
    occurredAt: "2026-03-02T09:05:00+08:00",
    person: household,
    householdPlace: JIANGSHAN,
    amount: 86_000,
    periodEnd: "2026-02-28",
    basis: "住院自付费用",
  } as { sourceEventId: string });
  expect(sent.outcome?.startedCases).toHaveLength(1);
  const visitCaseId = sent.outcome?.startedCases[0] ?? "";

  // The visit waits at the household's town office until the social worker answers it.
  const task = await taskFor(platform.dataDir, "town-office", visitCaseId, "home-visit");
  await cliJson(platform.dataDir, [
    "answer",
    task.taskToken,
    "completed",
    "--outputs-json",
    JSON.stringify(VISIT),
  ]);
  // The offer is written in the same commit as the visit's completion.
  await waitForStatus(platform.dataDir, visitCaseId, ["completed"]);

  return visitCaseId;
}

describe("an outreach visit's offer, confirmed in one click", () => {
  it("reaches the household's inbox pre-filled, becomes a case, and counts in the overview's funnel", async () => {
    const visitCaseId = await visitMakesOffer();

    const { page, errors } = await openPage(browser(), platform.url);
    await page.goto("/");
    const citizen = page.getByRole("form", { name: "以群众身份登录" });
    await citizen.getByLabel("身份证号").fill(household.idNumber);
    await citizen.getByLabel("姓名（可选）").fill(household.name);
    await citizen.getByRole("button", { name: "以群众身份进入" }).click();
    await page.getByRole("heading", { name: "我的办件" }).waitFor();

    // The nav names the open offer; the inbox shows it as a card.
    const nav = page.getByRole("link", { name: /我的待办服务/ });
    await expect.poll(() => nav.textContent(), { timeout: 30_000 }).toMatch(/1 项待确认/);
    await nav.click();
    await page.getByRole("heading", { name: "我的待办服务", level: 1 }).waitFor();
    await page.getByRole("article", { name: "救助一件事" }).waitFor();
    await expectAccessible(page, "the offers inbox, one open offer");
    const card = page.getByRole("article", { name: "救助一件事" });
    expect(await card.getByTestId("offer-state").textContent()).toBe("待确认");
    expect(await card.getByTestId("offer-why").textContent()).toBe("入户走访");
    // Expires 30 days after the visit (platform time starts on 2 March 2026).
    expect(await card.getByTestId("offer-expires").textContent()).toMatch(/^2026\/04\/0[12]$/);

    // Pre-filled from the visit, by the bundle's own labels; the ID number shows its last four only.
    const prefilled = card.getByRole("region", { name: "已为您填好" });
    const fact = (key: string) => prefilled.locator(`[data-fact="${key}"] dd`);
    await fact("applicant.idNumber").waitFor();
    expect(await fact("applicant.idNumber").textContent()).toBe(
      `**************${household.idNumber.slice(-4)}`,
    );
    expect(await fact("applicant.name").textContent()).toBe(household.name);
    expect(await fact("subject.address").textContent()).toBe(VISIT.address);
    expect(await fact("answers.requestedAssistance").textContent()).toBe("临时救助");
    expect(await fact("answers.consentToVerification").textContent()).toBe("是");
    expect(await prefilled.locator(`[data-fact="applicant.phone"] dt`).textContent()).toBe("申请人手机号");
    expect(await page.content()).not.toContain(household.idNumber);
    // Nothing is left open: one click confirms.
    await card.getByText("所需信息已齐备，确认即可办理。").waitFor();
    expect(await card.getByRole("group", { name: "还需要您填写" }).count()).toBe(0);
    await screenshot(page, "offers-inbox.png");
    // In English: the same card, its words and the bundle's own English labels.
    await page.getByRole("button", { name: "English" }).click();
    const english = page.getByRole("article", { name: "Social assistance" });
    expect(await english.getByTestId("offer-why").textContent()).toBe("Home visit");
    expect(await english.getByTestId("offer-state").textContent()).toBe("To confirm");
    expect(await english.locator('[data-fact="applicant.phone"] dt').textContent()).toBe(
      "Applicant's mobile number",
    );
    await expectAccessible(page, "the offers inbox in English");
    await page.getByRole("button", { name: "中文" }).click();

    await card.getByRole("button", { name: "确认办理" }).click();
    await page.waitForURL(/\/my\/cases\/[^/]+$/);
    const caseId = decodeURIComponent(new URL(page.url()).pathname.split("/").pop() ?? "");
    expect(caseId).not.toBe(visitCaseId);
    await page.getByRole("heading", { name: `办件 ${caseId}` }).waitFor();
    const accepted = page.getByRole("region", { name: "办理记录" }).locator('li[data-kind="offer_accepted"]');
    await accepted.getByText("确认办理免申即享服务").waitFor();
    // Plain words: what started it, without the offer's or the visit case's id.
    expect(await accepted.textContent()).toMatch(/ — 确认办理服务（由入户走访发起）$/);
    expect(await accepted.textContent()).not.toContain(visitCaseId);
    await expectAccessible(page, "a case from an accepted offer");

    // The inbox keeps it below, greyed, with the case it became.
    await page.getByRole("link", { name: /我的待办服务/ }).click();
    const done = page
      .getByRole("region", { name: "已处理的服务" })
      .getByRole("article", { name: "救助一件事" });
    await expect
      .poll(() => done.getByTestId("offer-state").textContent(), { timeout: 30_000 })
      .toBe("已办理");
    expect(await done.getAttribute("class")).toBe("offer finished");
    expect(await done.getByRole("link", { name: `查看办件 ${caseId}` }).count()).toBe(1);
    await expect.poll(() => nav.textContent()).toBe("我的待办服务");
    expect(await page.getByText("此项为必填项").count()).toBe(0);
    await expectAccessible(page, "the offers inbox, one finished offer");

    await page.getByRole("button", { name: "退出" }).click();
    await signInAsOperator(page, false);
    const funnel = page.getByRole("region", { name: "免申即享" });
    const row = funnel.locator('tr[data-bundle="social-assistance"]');
    await expect.poll(() => stage(row, "made").textContent(), { timeout: 30_000 }).toBe("1");
    await expect.poll(() => stage(row, "accepted").textContent(), { timeout: 30_000 }).toBe("1");
    for (const s of ["delivered", "opened"]) expect(await stage(row, s).textContent()).toBe("1");
    for (const s of ["declined", "expired", "superseded"])
      expect(await stage(row, s).textContent()).toBe("0");
    expect(await row.getByRole("rowheader").textContent()).toBe("救助一件事");
    const total = funnel.locator('tr[data-total="offers"]');
    expect(await stage(total, "made").textContent()).toBe("1");
    await expectAccessible(page, "the overview with the offers funnel");
    expect(await funnel.locator('[data-figure="event-to-case"]').textContent()).toMatch(
      /^中位 .+ · P95 .+（1 件）$/,
    );

    // 鄞州区's towns: the offer counts where the visit was, 姜山镇.
    await page.goto("/ops?place=330212");
    const town = funnel.locator('tr[data-place="330212101"]');
    await expect.poll(() => stage(town, "made").textContent(), { timeout: 30_000 }).toBe("1");
    expect(await stage(town, "accepted").textContent()).toBe("1");
    expect(await town.getByRole("rowheader").textContent()).toBe("姜山镇");
    expect(await stage(funnel.locator('tr[data-place="330212102"]'), "made").textContent()).toBe("0");
    await expectAccessible(page, "the overview of a district");
    await screenshotOf(funnel, "offers-funnel.png");

    await page.getByRole("button", { name: "English" }).click();
    const englishFunnel = page.getByRole("region", { name: "Offers" });
    await expect
      .poll(() => englishFunnel.locator('[data-figure="event-to-case"]').textContent())
      .toMatch(/^p50 .+ · p95 .+ \(1 cases\)$/);
    await expectAccessible(page, "the overview in English");
    expect(errors).toEqual([]);
  });
});
