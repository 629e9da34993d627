/**
 * A case that waits for a life event, in headless Chromium against `onething start`: an expecting couple's 婚育户
 * case shows its wait for the birth in plain words; when 卫健's birth certificate system records the birth, the
 * same case goes on with the certificate number from the record, and no offer is made (the open case continues).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createDevIssuer } from "@onething/auth";
import { describe, expect, it } from "vitest";
import { expectAccessible, openPage, screenshot, signInAsCitizen, startForBrowser } from "./browser.ts";

// Every department simulated; no simulated sources, so the birth is this test's own.
const { platform, browser } = await startForBrowser("town-office", ["--no-sources"]);

const SOURCE = "health-birth-registry";
// The seed sample `mbh-engaged-expecting`: 林晓雯 and 徐浩, not married yet, the baby due on 30 June 2026.
const mother = { idNumber: "330212199604170486", name: "林晓雯" };
const father = { idNumber: "330212199408250577", name: "徐浩" };

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
  outcome?: { startedCases: string[]; touchedCases: string[]; offers?: string[] };
}

async function recordBirth(): Promise<EventStatus> {
  const headers = {
    authorization: `Bearer ${await sourceToken(SOURCE)}`,
    "content-type": "application/json",
  };
  const event = {
    type: "ChildBorn",
    schemaVersion: 1,
    sourceEventId: "bmc-e2e-wait-0001",
    occurredAt: "2026-03-02T09:30:00+08:00",
    child: { name: "徐安然", birthDate: "2026-03-02", birthCertificateNumber: "R330212260302" },
    mother,
    father,
    householdPlace: "330212003",
  };
  const posted = await fetch(`${platform.url}/v1/events`, {
    method: "POST",
    headers,
    body: JSON.stringify(event),
  });
  expect(posted.status, await posted.clone().text()).toBe(202);
  for (let i = 0; i < 120; i++) {
    const r = await fetch(`${platform.url}/v1/events/${event.sourceEventId}`, { headers });
    const status = r.ok ? ((await r.json()) as EventStatus) : undefined;
    if (status?.status === "done") return status;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error("the birth was not done within 30 s");
}

describe("an expecting couple's case", () => {
  it("waits for the birth in plain words, then goes on with the record's certificate number", async () => {
    const { page, errors } = await openPage(browser(), platform.url);
    await signInAsCitizen(page, mother.name);
    await page.goto("/apply/marriage-birth-household");
    await page.getByRole("button", { name: "mbh-engaged-expecting" }).click();
    await page.getByRole("button", { name: "提交申请" }).click();
    await page.waitForURL(/\/my\/cases\/[^/]+$/);
    const caseId = decodeURIComponent(new URL(page.url()).pathname.split("/").pop() ?? "");

    const wait = page.locator('[data-item="await-birth"]');
    await wait.locator("[data-waiting]").waitFor();
    expect(await wait.locator(".due").textContent()).toMatch(/最迟等待至 2026\/08\/30/);
    // What it waits for, by the event's name and by when at the latest.
    expect(await wait.locator("[data-waiting]").textContent()).toBe(
      "等待新生儿出生登记，最迟至 2026/08/30 00:00；收到后自动继续办理，无需再次申请",
    );
    const timeline = page.getByRole("region", { name: "办理记录" });
    const waiting = timeline.locator('li[data-kind="item_waiting"]');
    await waiting.getByText("等待相关登记").waitFor();
    expect(await waiting.textContent()).toMatch(/— 等待新生儿出生登记，最迟至 2026\/08\/30 00:00$/);
    await expectAccessible(page, "a case waiting for a birth");
    await screenshot(page, "case-waiting.png");

    const birth = await recordBirth();
    // The open case continues: no offer to either parent, the case itself is touched.
    expect(birth.outcome?.offers ?? []).toEqual([]);
    expect(birth.outcome?.touchedCases).toContain(caseId);
    const number = wait.locator('[data-output="birthCertificateNumber"] dd');
    await number.waitFor({ timeout: 30_000 });
    expect(await number.textContent()).toBe("R330212260302");
    expect(await wait.locator('[data-output="childName"] dd').textContent()).toBe("徐安然");
    expect(await wait.locator("[data-waiting]").count()).toBe(0);
    await timeline
      .locator('li[data-kind="item_completed"]')
      .getByText("由新生儿出生登记自动完成（卫健 出生医学证明系统）")
      .waitFor();
    // No ids in the timeline: not the source's event id, not the item's.
    expect(await timeline.getByText("bmc-e2e-wait-0001").count()).toBe(0);
    expect(await timeline.getByText("await-birth").count()).toBe(0);
    await expectAccessible(page, "a case whose wait ended");

    await page.getByRole("link", { name: /我的待办服务/ }).click();
    await page.getByText("目前没有待确认的服务。").waitFor();
    await expectAccessible(page, "the offers inbox, empty");
    expect(errors).toEqual([]);
  });
});
