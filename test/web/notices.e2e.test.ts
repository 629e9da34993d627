/**
 * 我的消息 in headless Chromium against `onething start` (issue 16): a citizen's application makes a notice, the
 * sweeper's delivery step publishes it on the SMS and push topics of the SNS emulator (fauxqs), the simulated SMS
 * gateway and push service subscribed to them report receipts on the events queue, and the inbox shows the notice
 * delivered on both channels; the citizen marks it read (the nav's badge goes), and the operator overview shows
 * the 送达率. axe-core checks every page state.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ListTopicsCommand, SubscribeCommand } from "@aws-sdk/client-sns";
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand } from "@aws-sdk/client-sqs";
import { createLocalSnsClient, createLocalSqsClient } from "@onething/local-services";
import { afterAll, describe, expect, it } from "vitest";
import {
  expectAccessible,
  openPage,
  screenshot,
  signInAsCitizen,
  signInAsOperator,
  startForBrowser,
} from "./browser.ts";

// Every department simulated but 卫健, so the case stays open; no gateway fails a message, so both channels deliver.
const { platform, browser } = await startForBrowser("health", [
  "--notice-failure-rate",
  "0",
  "--no-sources",
  "--no-citizens",
]);

// A witness queue subscribed to the SMS topic in the SNS emulator: what fauxqs's SNS fanned out, beside the gateway.
const runtime = JSON.parse(readFileSync(join(platform.dataDir, "runtime.json"), "utf8"));
const sqs = createLocalSqsClient(runtime.sqsEndpoint);
const sns = createLocalSnsClient(runtime.sqsEndpoint);
const topics = (await sns.send(new ListTopicsCommand({}))).Topics ?? [];
const smsTopic = topics.find((topic) => topic.TopicArn?.endsWith("notice-sms"))?.TopicArn;
const { QueueUrl: witnessUrl } = await sqs.send(new CreateQueueCommand({ QueueName: "e2e-sms-witness" }));
const witnessArn = (
  await sqs.send(new GetQueueAttributesCommand({ QueueUrl: witnessUrl, AttributeNames: ["QueueArn"] }))
).Attributes?.QueueArn;
await sns.send(new SubscribeCommand({ TopicArn: smsTopic, Protocol: "sqs", Endpoint: witnessArn }));
afterAll(() => {
  sqs.destroy();
  sns.destroy();
});
/** The SMS notices of the case that the SNS emulator published on the topic (read off the witness queue). */
const seen: { noticeId: string; text: { zh: string } }[] = [];
async function publishedOnSmsTopic(caseId: string) {
  const out = await sqs.send(
    new ReceiveMessageCommand({ QueueUrl: witnessUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
  );
  for (const m of out.Messages ?? []) seen.push(JSON.parse(JSON.parse(m.Body ?? "{}").Message ?? "{}"));
  return seen.filter((n) => n.text?.zh?.includes(caseId));
}

describe("a citizen's messages", () => {
  it("shows the case's notice, delivered by SMS and app push through the SNS emulator, and marks it read", async () => {
    const { page, errors } = await openPage(browser(), platform.url);
    await signInAsCitizen(page, "王建国");
    await expectAccessible(page, "my cases, signed in");

    await page.getByRole("navigation").getByRole("link", { name: "办事" }).click();
    await page.getByRole("link", { name: "开始申请 · 身后一件事" }).click();
    await page.getByRole("button", { name: "after-death-hospital-pensioner" }).click();
    await page.getByRole("button", { name: "提交申请" }).click();
    await page.waitForURL(/\/my\/cases\/[^/]+$/);
    const caseId = decodeURIComponent(page.url().split("/").pop() ?? "");

    // The unread badge in the nav, then the inbox.
    const nav = page.getByRole("navigation");
    await nav.getByTestId("notices-badge").waitFor();
    await nav.getByRole("link", { name: /我的消息/ }).click();
    await page.getByRole("heading", { level: 1, name: "我的消息" }).waitFor();
    const notice = page.locator(`article[data-case="${caseId}"][data-kind="case_received"]`);
    await notice.waitFor();
    await expect.poll(() => notice.getByRole("heading").textContent()).toContain(caseId);
    expect(await notice.textContent()).toContain("请节哀");
    await expectAccessible(page, "messages, the notice just made");

    // Through fauxqs's topics, the simulated gateways and the events queue: delivered on both channels.
    const sms = notice.locator('li[data-channel="sms"]');
    const push = notice.locator('li[data-channel="push"]');
    await expect.poll(() => sms.getAttribute("data-state"), { timeout: 60_000 }).toBe("delivered");
    await expect.poll(() => push.getAttribute("data-state"), { timeout: 60_000 }).toBe("delivered");
    expect(await sms.textContent()).toContain("短信: 已送达");
    // And the SNS emulator itself published it on the SMS topic (its witness subscription got the message).
    await expect
      .poll(async () => (await publishedOnSmsTopic(caseId)).length, { timeout: 30_000 })
      .toBeGreaterThan(0);
    const [published] = await publishedOnSmsTopic(caseId);
    expect(published?.noticeId).toBe(await notice.getAttribute("data-notice"));
    await expectAccessible(page, "messages, delivered");
    await screenshot(page, "messages.png");

    await notice.getByRole("button", { name: "标为已读" }).click();
    await notice.getByText("已读", { exact: true }).waitFor();
    await expect.poll(() => nav.getByTestId("notices-badge").count()).toBe(0);
    await expectAccessible(page, "messages, read");

    // In English: the same notice in the template's English words.
    await page.getByRole("button", { name: "English" }).click();
    await page.getByRole("heading", { level: 1, name: "My messages" }).waitFor();
    expect(await notice.textContent()).toContain("Our condolences");
    await expectAccessible(page, "messages in English");
    expect(errors).toEqual([]);
  });

  it("shows the operator the 送达率 per bundle", async () => {
    const { page, errors } = await openPage(browser(), platform.url);
    await signInAsOperator(page, false);
    const panel = page.getByRole("region", { name: "送达率" });
    const row = panel.locator('tr[data-bundle="after-death"]');
    const figure = async (metric: string) =>
      Number(await row.locator(`[data-metric="${metric}"]`).textContent());
    // Other notices (the departments keep completing items) move the figures: at least the case's two channels.
    await expect.poll(() => figure("delivered"), { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
    // The rate is delivered ÷ sent of one reading (the panel refreshes; read until a reading is consistent).
    await expect
      .poll(
        async () => {
          const [sent, delivered] = [await figure("sent"), await figure("delivered")];
          const rate = Number.parseInt((await row.locator('[data-metric="rate"]').textContent()) ?? "", 10);
          return sent > 0 && Math.abs(rate - (100 * delivered) / sent) <= 1;
        },
        { timeout: 30_000 },
      )
      .toBe(true);
    await expectAccessible(page, "overview with the delivery rate");
    expect(errors).toEqual([]);
  });
});
