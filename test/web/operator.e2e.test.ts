/**
 * The operator dashboard in headless Chromium against `onething start`: a new case appears and finishes without
 * a reload, the case filters work, the application is masked until a recorded reveal, a dead letter is redriven
 * from the overview, and the language switch is remembered.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PurgeQueueCommand, SendMessageCommand } from "@aws-sdk/client-sqs";
import { createLocalSqsClient } from "@onething/local-services";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { cli, cliJson, taskFor } from "../e2e/support.ts";
import { expectAccessible, openPage, screenshot, signInAsOperator, startForBrowser } from "./browser.ts";

const { platform, browser } = await startForBrowser("health");
let page: Page;
let errors: string[];
beforeAll(async () => {
  ({ page, errors } = await openPage(browser(), platform.url));
  await signInAsOperator(page, true);
});

describe("the overview before any traffic", () => {
  it("says that nothing needs attention and that every dead-letter queue is empty", async () => {
    await page.getByTestId("attention-clear").waitFor();
    await page.getByTestId("dlq-clear").waitFor();
    await expectAccessible(page, "the overview, all clear");
  });
});

const APPLICANT_ID = "330212196403210134"; // the after-death sample's applicant
let caseId = "";

/** The case list filtered through the form, as an operator would (the filters land in the URL). */
async function filterCases(filters: { bundle?: string; status?: string; caseId?: string }) {
  await page.getByRole("link", { name: "办件", exact: true }).click();
  await page.getByRole("button", { name: "清除" }).click();
  if (filters.caseId) await page.getByLabel("按办件编号查找").fill(filters.caseId);
  if (filters.bundle) await page.getByLabel("事项").selectOption({ label: filters.bundle });
  if (filters.status) await page.getByLabel("状态").selectOption({ label: filters.status });
  await page.getByRole("button", { name: "筛选", exact: true }).click();
}

const caseRow = () => page.getByRole("row").filter({ hasText: caseId });

/** A message no consumer understands, dead-lettered on 卫健's queue (played by hand here, so nothing takes it). */
async function deadLetterOnHealth(): Promise<void> {
  const runtime = JSON.parse(readFileSync(join(platform.dataDir, "runtime.json"), "utf8"));
  const sqs = createLocalSqsClient(runtime.sqsEndpoint);
  await sqs.send(
    new SendMessageCommand({
      QueueUrl: runtime.queues.departmentDeadLetters.health,
      MessageBody: JSON.stringify({ type: "Poison", caseId }),
    }),
  );
  sqs.destroy();
}

/** A webhook delivery dead-lettered as the webhooks function does it (issue 17), and its removal. */
async function deadLetterOnWebhooks(): Promise<void> {
  const runtime = JSON.parse(readFileSync(join(platform.dataDir, "runtime.json"), "utf8"));
  const sqs = createLocalSqsClient(runtime.sqsEndpoint);
  await sqs.send(
    new SendMessageCommand({
      QueueUrl: runtime.queues.webhooks.deadLetterUrl,
      MessageBody: JSON.stringify({
        type: "WebhookDelivery",
        caseId,
        department: "health",
        office: "000000",
      }),
      MessageAttributes: {
        poisonReason: { DataType: "String", StringValue: "delivery-failed" },
        poisonDetail: { DataType: "String", StringValue: "status_503 after 8 attempts" },
      },
    }),
  );
  sqs.destroy();
}
async function clearWebhookDeadLetters(): Promise<void> {
  const runtime = JSON.parse(readFileSync(join(platform.dataDir, "runtime.json"), "utf8"));
  const sqs = createLocalSqsClient(runtime.sqsEndpoint);
  await sqs.send(new PurgeQueueCommand({ QueueUrl: runtime.queues.webhooks.deadLetterUrl }));
  sqs.destroy();
}

/** Some traffic for the charts: cases of every bundle, the after-death ones waiting at 卫健. */
const loadTraffic = () =>
  cli(platform.dataDir, ["load", "--cases", "12", "--rate", "6", "--no-wait", "--seed", "7"]);

describe("the operator dashboard", () => {
  it("shows a new case appear and finish without reloading", async () => {
    await filterCases({ bundle: "身后一件事" });
    await page.getByText("没有符合条件的办件。").waitFor();
    await expectAccessible(page, "the case list, empty");

    ({ caseId } = await cliJson<{ caseId: string }>(platform.dataDir, ["submit", "after-death", "--sample"]));
    await caseRow().getByText("办理中").waitFor();

    const task = await taskFor(platform.dataDir, "health", caseId, "death-certificate-hospital");
    await cliJson(platform.dataDir, ["answer", task.taskToken, "completed", "--auto"]);
    await caseRow().getByText("已办结").waitFor({ timeout: 120_000 });
    await expectAccessible(page, "the case list, a finished case");
  });

  it("filters by state, bundle and case id", async () => {
    await filterCases({ bundle: "身后一件事", status: "已办结" });
    expect(page.url()).toMatch(/bundle=after-death/);
    expect(page.url()).toMatch(/status=completed/);
    await caseRow().waitFor();

    await filterCases({ status: "办理中" });
    await page.getByText("没有符合条件的办件。").waitFor();

    await filterCases({ bundle: "婚育户一件事" });
    await page.getByText("没有符合条件的办件。").waitFor();

    await filterCases({ caseId });
    await caseRow().waitFor();
    expect(await page.getByRole("table", { name: "办件列表" }).getByRole("row").count()).toBe(2);
  });

  it("masks the application until a reveal, which the timeline records", async () => {
    await caseRow().getByRole("link", { name: caseId }).click();
    await page.getByRole("heading", { name: `办件详情 · ${caseId}` }).waitFor();
    const application = page.getByRole("region", { name: /申请信息/ });
    await application.getByText("个人信息已脱敏").waitFor();
    expect(await application.getByText(APPLICANT_ID).count()).toBe(0);
    // The values by their fields' labels, in words: an option by its label, never its raw value.
    await application.getByText("逝者身份证号").waitFor();
    expect(await application.getByText("true", { exact: true }).count()).toBe(0);
    await expectAccessible(page, "a case's detail, masked");

    await application.getByText("查看明文").click();
    await application.getByLabel("查看原因").fill("核对申请人身份（工单 123）");
    await expectAccessible(page, "the reveal form, open");
    await application.getByRole("button", { name: /确认查看/ }).click();
    await application.getByText(APPLICANT_ID).waitFor();
    await expectAccessible(page, "a case's detail, revealed");
    const revealed = page.locator('li[data-kind="application_revealed"]');
    await revealed
      .filter({ hasText: "查看申请明文" })
      .filter({ hasText: "核对申请人身份（工单 123）" })
      .waitFor();
    expect(await page.getByText("application_revealed").count()).toBe(0);
    // The items by their outputs' labels.
    await page.getByRole("table", { name: "办理进度" }).getByText("死亡证明编号").first().waitFor();
    expect(await page.getByText("certificateNumber").count()).toBe(0);
  });

  it("redrives a dead-lettered message from the overview", async () => {
    await deadLetterOnHealth();
    await deadLetterOnWebhooks();

    await page.getByRole("link", { name: "总览" }).click();
    // The needs-attention strip names the dead letters, and the queues are no longer all clear.
    await page.locator('[data-attention="dead-letters"]').filter({ hasText: "dept-health" }).waitFor();
    expect(await page.getByTestId("dlq-clear").count()).toBe(0);
    const row = page.getByRole("row").filter({ hasText: "dept-health" });
    // Each non-empty queue says why: a webhook's last failure and attempts (issue 17), or that none was recorded.
    const pushed = page.getByRole("row").filter({ hasText: "webhooks" });
    await pushed.getByText("推送失败：对方返回 HTTP 503，已尝试 8 次").waitFor();
    await row.getByText("未记录原因").waitFor();
    await expectAccessible(page, "the overview, a dead letter");
    const redrive = "**/v1/ops/dead-letters/*/redrive";
    // A busy table first (503, as the API answers it): said in Chinese, not in the server's English.
    await page.route(redrive, (route) =>
      route.fulfill({
        status: 503,
        json: { error: "busy", message: "the service is busy; retry the request shortly" },
      }),
    );
    await row.getByRole("button", { name: "重新投递 dept-health" }).click();
    expect(await row.getByRole("alert").textContent()).toBe("服务繁忙，请稍后重试。");
    await expectAccessible(page, "the overview, a refused redrive");
    await page.unroute(redrive);
    // The local queue refuses nothing, so a refusal is played by adding `failed` to the real answer.
    await page.route(redrive, async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, json: { ...(await response.json()), failed: 2 } });
    });
    await row.getByRole("button", { name: "重新投递 dept-health" }).click();
    const status = row.getByRole("status");
    await status.filter({ hasText: "已重新投递 1 条" }).waitFor();
    await status.filter({ hasText: "2 条未能投递，仍在死信队列" }).waitFor();
    await page.unroute(redrive);
    await row.getByRole("cell", { name: "0", exact: true }).waitFor();
    await expectAccessible(page, "the overview, redriven");
    await clearWebhookDeadLetters();
    await pushed.getByRole("cell", { name: "0", exact: true }).waitFor();
  });
});

describe("the overview with traffic", () => {
  it("shows the overview, remembers English, and a wall display", async () => {
    const load = await loadTraffic();
    expect(load.code, load.stderr).toBe(0);
    await page.getByRole("link", { name: "总览" }).click();
    const counts = page.getByRole("region", { name: "各事项办件状态" });
    await expect
      .poll(
        async () => Number(await counts.getByRole("row").last().getByRole("cell").first().textContent()),
        {
          timeout: 60_000,
          interval: 500,
        },
      )
      .toBeGreaterThan(0);
    await page
      .getByRole("region", { name: "近 60 分钟吞吐量" })
      .locator(".recharts-bar-rectangle")
      .first()
      .waitFor();
    await expectAccessible(page, "the overview, with traffic");
    await screenshot(page, "overview.png");

    await page.getByRole("button", { name: "English" }).click();
    await page.getByRole("heading", { name: "Overview" }).waitFor();
    await page.reload();
    await page.getByRole("heading", { name: "Overview" }).waitFor();
    await expectAccessible(page, "the overview in English");
    await page.getByRole("button", { name: "Wall display" }).click();
    expect(await page.getByRole("button", { name: "Wall display" }).getAttribute("aria-pressed")).toBe(
      "true",
    );
    await expectAccessible(page, "the overview as a wall display");
    await page.getByRole("link", { name: "Departments" }).click();
    await page.getByRole("table", { name: "Departments" }).getByRole("row").nth(1).waitFor();
    await expectAccessible(page, "the departments page");
    expect(errors).toEqual([]);
  });
});
