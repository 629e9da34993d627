/**
 * A death stops every benefit, in headless Chromium against `onething start`: rosters grant benefits and 卫健's
 * death registry records a death through `POST /v1/events`, as source systems do; the operator overview shows the
 * stops still held, then overdue, then done (days from the death to the last stop); and a family's after-death case
 * says in plain words that the benefit-stop case stops the benefit the registry knows.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createDevIssuer } from "@onething/auth";
import { residentIdCheckChar } from "@onething/domain";
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

// 民政 (civil affairs) is played by hand, so its stops wait until this test answers them; the clock runs 20,000×
// so their 2-working-day limit passes within seconds. No simulated sources: every death here is the test's own.
const { platform, browser } = await startForBrowser("civil-affairs", [
  "--time-scale",
  "20000",
  "--no-sources",
]);

const withCheck = (first17: string) => `${first17}${residentIdCheckChar(first17)}`;
const CIVIL_AFFAIRS = "民政部门（含婚姻登记机关）";

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

const person = (first17: string, name: string) => ({ idNumber: withCheck(first17), name });
const granted = (who: { idNumber: string; name: string }, sourceEventId: string, benefit: string) => ({
  type: "EntitlementGranted",
  schemaVersion: 1,
  sourceEventId,
  occurredAt: "2026-03-02T09:05:00+08:00",
  person: who,
  benefit,
  since: "2020-01-01",
});
const died = (who: { idNumber: string; name: string }, sourceEventId: string) => ({
  type: "PersonDied",
  schemaVersion: 1,
  sourceEventId,
  occurredAt: "2026-03-02T09:10:00+08:00",
  person: who,
  diedOn: "2026-03-01",
});

/** The person's benefit-stop case, started by the death. */
async function recordDeath(who: { idNumber: string; name: string }, sourceEventId: string): Promise<string> {
  const done = await sendEvent("health-death-registry", died(who, sourceEventId));
  expect(done.outcome?.startedCases).toHaveLength(1);
  return done.outcome?.startedCases[0] ?? "";
}

const figure = (panel: Locator, name: string) => panel.locator(`dd[data-figure="${name}"]`);
/** Waits (the overview refreshes every 3 s) until the figure reads `text`. */
const figureReads = (panel: Locator, name: string, text: string | RegExp) =>
  expect
    .poll(async () => figure(panel, name).textContent(), { timeout: 90_000, interval: 500 })
    .toMatch(text);

describe("the operator overview's benefit stops", () => {
  it("shows what the dead still hold, the stops overdue, and the days from death to the last stop", async () => {
    const deceased = person("33021219380705002", "李秀英");
    await sendEvent("civil-affairs-roster", granted(deceased, "ca-e2e-0001", "dibao"));
    await sendEvent("civil-affairs-roster", granted(deceased, "ca-e2e-0002", "elderly-allowance"));

    const { page, errors } = await openPage(browser(), platform.url);
    await signInAsOperator(page, false);
    const panel = page.getByRole("region", { name: "死亡即停发" });
    // Nothing has died yet: no figure counts anything.
    await figureReads(panel, "entitlements-of-dead", /^0$/);
    expect(await figure(panel, "death-to-last-stop").textContent()).toBe("尚无");
    expect(await figure(panel, "overdue-stops").textContent()).toBe("0");
    await expectAccessible(page, "the overview, nobody dead yet");

    const stopCaseId = await recordDeath(deceased, "dmc-e2e-0001");
    await figureReads(panel, "entitlements-of-dead", `2（${CIVIL_AFFAIRS} 2）`);
    expect(await figure(panel, "entitlements-of-dead").getAttribute("class")).toBe("alert");
    // Unanswered past their 2 working days, both stops are overdue at 民政.
    await figureReads(panel, "overdue-stops", `${CIVIL_AFFAIRS} 2`);
    expect(await figure(panel, "overdue-stops").getAttribute("class")).toBe("alert");
    expect(await figure(panel, "death-to-last-stop").textContent()).toBe("尚无");
    // Each figure is named by its term, for a screen reader as for the eye.
    await expect
      .poll(() => panel.getByRole("term").allTextContents())
      .toEqual(["死亡登记至最后一项停发（天）", "已登记死亡者仍在享受的待遇", "逾期未停发（按部门）"]);
    // The needs-attention strip names 民政's overdue stops and how late the latest is.
    await page
      .locator('[data-attention="overdue-civil-affairs"]')
      .filter({ hasText: /超期 \d+ 天/ })
      .waitFor();
    await expectAccessible(page, "the overview, stops overdue");
    await screenshot(page, "benefit-stops-overdue.png");
    // From the strip to the overdue cases: each overdue item by name, its department and how many days late.
    await page
      .locator('[data-attention="overdue-civil-affairs"]')
      .getByRole("link", { name: "查看超期办件" })
      .click();
    const overdueItem = page
      .getByRole("table", { name: "办件列表" })
      .locator('[data-overdue-item^="stop-benefit--"]')
      .first();
    await overdueItem.waitFor();
    expect(await overdueItem.textContent()).toMatch(new RegExp(`^.+ · ${CIVIL_AFFAIRS} · 超期 \\d+ 天$`));
    expect(await overdueItem.textContent()).not.toContain("stop-benefit");
    await expectAccessible(page, "the overdue cases, with days late");
    await page.getByRole("link", { name: "总览" }).click();

    for (const benefit of ["dibao", "elderly-allowance"]) {
      const task = await taskFor(platform.dataDir, "civil-affairs", stopCaseId, `stop-benefit--${benefit}`);
      await cliJson(platform.dataDir, ["answer", task.taskToken, "completed", "--auto"]);
    }
    await figureReads(panel, "death-to-last-stop", /^中位 [\d.]+ · P95 [\d.]+（1 例）$/);
    await figureReads(panel, "entitlements-of-dead", /^0$/);
    await figureReads(panel, "overdue-stops", /^0$/);
    expect(await figure(panel, "entitlements-of-dead").getAttribute("class")).toBeNull();
    // The platform clock ran at 20,000× from the death to the answers: more than the 2 working days allowed.
    const p50 = Number(
      /中位 ([\d.]+)/.exec((await figure(panel, "death-to-last-stop").textContent()) ?? "")?.[1],
    );
    expect(p50).toBeGreaterThan(2);
    await expectAccessible(page, "the overview, every stop answered");

    await page.getByRole("button", { name: "English" }).click();
    const english = page.getByRole("region", { name: "A death stops every benefit" });
    await figureReads(english, "death-to-last-stop", /^p50 [\d.]+ · p95 [\d.]+ \(1 cases\)$/);
    await expectAccessible(page, "the overview in English");
    expect(errors).toEqual([]);
  });
});

/** The step of an item on the citizen's case page, and the words of its result. */
const stepResult = (page: Page, itemId: string) => page.locator(`[data-item="${itemId}"] [data-skip]`);

describe("a family's after-death case once the registry knows the benefits", () => {
  it("says the benefit-stop case stops the pension, naming it, instead of a code", async () => {
    // The after-death sample's deceased (王阿根), with a pension on 人社's roster, recorded dead by 卫健.
    const deceased = { idNumber: "330212193805120015", name: "王阿根" };
    await sendEvent("hrss-roster", granted(deceased, "hrss-e2e-0001", "pension"));
    const stopCaseId = await recordDeath(deceased, "dmc-e2e-0002");

    const { page, errors } = await openPage(browser(), platform.url);
    await signInAsCitizen(page, "王建国");
    await page.goto("/apply/after-death");
    await page.getByRole("button", { name: "after-death-hospital-pensioner" }).click();
    await page.getByRole("button", { name: "提交申请" }).click();
    await page.waitForURL(/\/my\/cases\/[^/]+$/);
    await page.getByRole("heading", { name: "办理进度" }).waitFor();

    const step = page.getByRole("listitem", { name: "养老保险待遇停发、参保关系注销" });
    await step.getByText("无需办理").first().waitFor();
    const words = new RegExp(
      `^由待遇停发案件 ${stopCaseId} 统一办理，无需在此重复申请：基本养老金（(停发中|已停发)）$`,
    );
    expect(await stepResult(page, "stop-pension").textContent()).toMatch(words);
    const timeline = page.getByRole("region", { name: "办理记录" });
    await timeline
      .getByRole("listitem")
      .filter({ hasText: `由待遇停发案件 ${stopCaseId} 统一办理` })
      .waitFor();
    expect(await page.getByText("registry_handles").count()).toBe(0);
    await expectAccessible(page, "a case whose stops the registry handles");
    await screenshot(page, "case-registry-handles.png");

    await page.getByRole("button", { name: "English" }).click();
    await page.getByRole("heading", { name: "Progress" }).waitFor();
    expect(await stepResult(page, "stop-pension").textContent()).toMatch(
      new RegExp(
        `^Stopped by the benefit-stop case ${stopCaseId}, nothing to apply for here: Basic pension \\((stopping|stopped)\\)$`,
      ),
    );
    await expectAccessible(page, "that case in English");
    expect(errors).toEqual([]);
  });
});
