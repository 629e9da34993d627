/**
 * Notices end to end on DynamoDB Local and fauxqs (issue 16): a case's NotifyApplicant becomes a notice with the
 * commit, the sweeper publishes it on each channel's SNS topic, the gateway behind the topic (here: the test,
 * reading the gateway queue subscribed to it) reports a receipt on its channel's receipts queue, and the notices
 * round records it — once, however often it is redelivered; a retryable failure is published again after its
 * backoff. A receipt anywhere else (the events queue, the other channel's queue) changes nothing.
 */
import { PublishCommand } from "@aws-sdk/client-sns";
import { DeleteMessageCommand, ReceiveMessageCommand, SendMessageCommand } from "@aws-sdk/client-sqs";
import { createLocalSnsClient, provisionNoticeTopics } from "@onething/local-services";
import { mockClient } from "aws-sdk-client-mock";
import { describe, expect, it } from "vitest";
import { testPlatform } from "../support/platform.ts";

let now = new Date("2026-03-02T10:00:00+08:00");
const t = await testPlatform({ name: "notices", clock: () => now });
const topics = await provisionNoticeTopics(
  t.local.topology,
  t.local.clients.sqs,
  t.local.endpoints.sqsEndpoint,
);
const sns = createLocalSnsClient(t.local.endpoints.sqsEndpoint);
// The same table and queues, with the channels: the sweeper of this platform publishes; retries after 1 s, 3 at most.
const withChannels = await testPlatformOn();
async function testPlatformOn() {
  const { composePlatform, backendInputs } = await import("@onething/platform");
  const { loadSeedCalendar, loadSeedCatalogue } = await import("@onething/seeds");
  return composePlatform({
    catalogue: loadSeedCatalogue(),
    calendar: loadSeedCalendar(),
    ...backendInputs({ ...t.local.clients, tableName: t.local.tableName, queues: t.local.queues }),
    taskTokenSecret: "test-task-secret-test-task-secret-42",
    clock: () => now,
    logger: () => t.log,
    noticeChannels: {
      sns,
      topics: { sms: topics.sms.topicArn, push: topics.push.topicArn },
      receiptQueues: { sms: topics.sms.receiptsQueueUrl, push: topics.push.receiptsQueueUrl },
      // A receipt that came too early is received again at once here (30 s on AWS).
      receiptRetrySeconds: 0,
      retry: { maxAttempts: 3, baseDelayMs: 1_000, maxDelayMs: 10_000 },
    },
  });
}

interface GatewayMessage {
  noticeId: string;
  channel: "sms" | "push";
  attempt: number;
  to: string;
  text: { zh: string; en: string };
  /** The SNS envelope's message id (what a receipt must return). */
  messageId: string;
}
/** What the gateway behind a channel's topic received (and takes off its queue). */
async function gatewayReceives(channel: "sms" | "push"): Promise<GatewayMessage[]> {
  const out = await t.local.clients.sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: topics[channel].gatewayQueueUrl,
      MaxNumberOfMessages: 10,
      WaitTimeSeconds: 1,
    }),
  );
  for (const m of out.Messages ?? [])
    await t.local.clients.sqs.send(
      new DeleteMessageCommand({ QueueUrl: topics[channel].gatewayQueueUrl, ReceiptHandle: m.ReceiptHandle }),
    );
  return (out.Messages ?? []).map((m) => {
    const envelope = JSON.parse(m.Body ?? "{}") as { MessageId: string; Message: string };
    return { ...(JSON.parse(envelope.Message) as GatewayMessage), messageId: envelope.MessageId };
  });
}
/** A gateway's receipt, on its channel's receipts queue unless another queue is named. */
const report = (receipt: Record<string, unknown>, queueUrl?: string) =>
  t.local.clients.sqs.send(
    new SendMessageCommand({
      QueueUrl: queueUrl ?? topics[receipt.channel as "sms" | "push"].receiptsQueueUrl,
      MessageBody: JSON.stringify({ type: "NoticeReceipt", at: now.toISOString(), ...receipt }),
    }),
  );
const drainReceipts = () => withChannels.drainReceipts();
/** The events function over what is on the events queue (a receipt sent there is not the gateway's). */
const drainEventsWith = async () => {
  // The events function of the platform with channels (receipts need no channel, only the table).
  const { receiveAsSqsEvent } = await import("@onething/test-harness");
  for (;;) {
    const event = await receiveAsSqsEvent(t.local.clients.sqs, t.local.queues.events.url, {
      waitTimeSeconds: 0,
    });
    if (event.Records.length === 0) return;
    const result = await withChannels.events(event);
    const { settleLikeLambda } = await import("@onething/test-harness");
    await settleLikeLambda(t.local.clients.sqs, t.local.queues.events.url, event, result);
  }
};

describe("a case's notices", async () => {
  const first = await t.submitSample("after-death-hospital-pensioner", "notices-1");
  const submitted = first.body as { caseId: string };
  const claims = first.claims;
  const inbox = async () => (await t.request("GET", "/v1/notices", claims)).body;

  it("are written with the commit: the case's receipt is in the applicant's inbox, pending on SMS and push", async () => {
    expect(first.status).toBe(202);
    const body = await inbox();
    expect(body.unread).toBe(1);
    expect(body.notices).toHaveLength(1);
    const [notice] = body.notices;
    expect(notice).toMatchObject({
      kind: "case_received",
      caseId: submitted.caseId,
      channels: { sms: { state: "pending" }, push: { state: "pending" } },
    });
    expect(notice.text.zh.templateId).toBe("case_received#after-death");
    expect(notice.text.zh.what).toContain(submitted.caseId);
    // Another citizen sees none of it.
    const other = await t.request("GET", "/v1/notices", t.citizenFor("110105194912310029"));
    expect(other.body).toEqual({ notices: [], unread: 0 });
  });

  it("are published on each channel's topic by the sweeper, and recorded delivered from the gateway's receipt — once", async () => {
    const tick = await withChannels.sweeper();
    expect(tick.notices).toEqual({
      published: 2,
      publishFailed: 0,
      receipts: { applied: 0, dropped: 0, failed: 0 },
    });
    const [sms] = await gatewayReceives("sms");
    const [push] = await gatewayReceives("push");
    expect(sms).toMatchObject({ channel: "sms", attempt: 1 });
    expect(sms?.to).toMatch(/^1\d{10}$/);
    expect(sms?.text.zh).toMatch(/^【一件事联办】/);
    expect(push?.to).not.toContain(sms?.to);
    let body = await inbox();
    expect(body.notices[0].channels).toMatchObject({ sms: { state: "sent" }, push: { state: "sent" } });

    // The SNS message id the publish returned is stored on `sent`, and is what the gateway got.
    expect((await t.store.getNotice(sms?.noticeId ?? ""))?.channels.sms?.messageId).toBe(sms?.messageId);
    // A receipt without it is ignored, and logged without the phone.
    await report({
      noticeId: sms?.noticeId,
      channel: "sms",
      attempt: 1,
      messageId: "forged",
      outcome: "failed",
    });
    await drainReceipts();
    expect((await t.store.getNotice(sms?.noticeId ?? ""))?.channels.sms?.state).toBe("sent");
    expect(t.log.lines.join("\n")).toContain("notice receipt ignored");
    // A true receipt on the events queue (where source systems send) or on the push gateway's queue is not the
    // SMS gateway's word: nothing changes.
    const genuine = { noticeId: sms?.noticeId, channel: "sms", attempt: 1, messageId: sms?.messageId };
    await report({ ...genuine, outcome: "failed" }, t.local.queues.events.url);
    await drainEventsWith();
    await report({ ...genuine, outcome: "failed" }, topics.push.receiptsQueueUrl);
    expect(await drainReceipts()).toMatchObject({ applied: 0, dropped: 1 });
    expect((await t.store.getNotice(sms?.noticeId ?? ""))?.channels.sms?.state).toBe("sent");
    const ok = { channel: "sms", attempt: 1, messageId: sms?.messageId, outcome: "delivered" };
    await report({ noticeId: sms?.noticeId, ...ok });
    await report({ noticeId: sms?.noticeId, ...ok });
    await report({
      noticeId: push?.noticeId,
      channel: "push",
      attempt: 1,
      messageId: push?.messageId,
      outcome: "failed",
      reason: "no_device",
    });
    await drainReceipts();
    body = await inbox();
    expect(body.notices[0].channels).toMatchObject({
      sms: { state: "delivered" },
      push: { state: "failed", reason: "no_device" },
    });
    // Nothing is due any more: another tick publishes nothing.
    expect((await withChannels.sweeper()).notices).toMatchObject({ published: 0, publishFailed: 0 });
    // The phone number never reached a log line, and is gone from the row once both channels are final.
    expect(t.log.lines.join("\n")).not.toContain(sms?.to);
    const final = await t.store.getNotice(sms?.noticeId ?? "");
    expect(final?.phone).toBeUndefined();
    expect(JSON.stringify(final)).not.toContain(sms?.to);
    // 送达率: one delivered of the two sent, once, however often the receipt came.
    const counters = await t.store.getNoticeCounters();
    expect(counters.find((c) => c.bundleId === "after-death")).toMatchObject({
      sent: 2,
      delivered: 1,
      failed: 1,
    });
  });

  it("is marked read by its addressee only, the first time standing", async () => {
    const [notice] = (await inbox()).notices;
    const stranger = await t.request(
      "POST",
      `/v1/notices/${notice.noticeId}/read`,
      t.citizenFor("110105194912310029"),
    );
    expect(stranger).toMatchObject({ status: 404, body: { error: "unknown_notice" } });
    // Citizens only: no token 401, another role 403.
    expect((await t.request("GET", "/v1/notices", undefined)).status).toBe(401);
    for (const who of [t.operator, t.department("health"), { role: "clerk", sub: "c", office: "330212003" }])
      expect((await t.request("GET", "/v1/notices", who)).status).toBe(403);
    const first = await t.request("POST", `/v1/notices/${notice.noticeId}/read`, claims);
    expect(first.status).toBe(200);
    now = new Date(now.getTime() + 60_000);
    const again = await t.request("POST", `/v1/notices/${notice.noticeId}/read`, claims);
    expect(again.body.readAt).toBe(first.body.readAt);
    expect((await inbox()).unread).toBe(0);
  });
});

describe("retries", () => {
  it("publish again after a retryable failed receipt, once its backoff has passed", async () => {
    const case2 = await t.submitAccepted("after-death-hospital-pensioner", "notices-2");
    await withChannels.sweeper();
    const sms = (await gatewayReceives("sms")).find((m) => m.text.zh.includes(case2.caseId));
    await gatewayReceives("push");
    expect(sms).toBeDefined();
    await report({
      noticeId: sms?.noticeId,
      channel: "sms",
      attempt: 1,
      messageId: sms?.messageId,
      outcome: "failed",
      reason: "unreachable",
      retryable: true,
    });
    await drainReceipts();
    // Not yet due: the backoff is 1 s of platform time.
    expect((await withChannels.sweeper()).notices?.published).toBe(0);
    now = new Date(now.getTime() + 1_500);
    expect((await withChannels.sweeper()).notices?.published).toBe(1);
    const [second] = await gatewayReceives("sms");
    expect(second).toMatchObject({ noticeId: sms?.noticeId, attempt: 2 });
    // A late receipt of the first attempt changes nothing; the second's is recorded.
    const before = (await t.store.getNoticeCounters()).find((c) => c.bundleId === "after-death");
    await report({
      noticeId: sms?.noticeId,
      channel: "sms",
      attempt: 1,
      messageId: sms?.messageId,
      outcome: "delivered",
    });
    await drainReceipts();
    expect((await t.store.getNotice(sms?.noticeId ?? ""))?.channels.sms?.state).toBe("sent");
    await report({
      noticeId: sms?.noticeId,
      channel: "sms",
      attempt: 2,
      messageId: second?.messageId,
      outcome: "delivered",
    });
    await drainReceipts();
    expect((await t.store.getNotice(sms?.noticeId ?? ""))?.channels.sms).toMatchObject({
      state: "delivered",
      attempts: 2,
    });
    // 送达率 counts the channel's `sent` once (its first send), not once per attempt.
    const after = (await t.store.getNoticeCounters()).find((c) => c.bundleId === "after-death");
    expect(after?.sent).toBe(before?.sent);
    expect(after?.delivered).toBe((before?.delivered ?? 0) + 1);
  });

  it("back off when SNS throttles the publish, and fail the channel at the limit", async () => {
    const third = await t.submitSample("after-death-hospital-pensioner", "notices-3");
    const case3 = third.body as { caseId: string };
    const mock = mockClient(sns);
    const throttled = Object.assign(new Error("Rate exceeded"), { name: "Throttling" });
    mock.on(PublishCommand).rejects(throttled);
    try {
      for (let n = 1; n <= 3; n++) {
        const tick = await withChannels.sweeper();
        expect(tick.notices?.publishFailed, `tick ${n}`).toBeGreaterThan(0);
        now = new Date(now.getTime() + 20_000);
      }
    } finally {
      mock.restore();
    }
    const [notice] = (
      await t.request(
        "GET",
        "/v1/notices",
        (
          await t.submitSample("after-death-hospital-pensioner", "notices-3")
        ).claims,
      )
    ).body.notices.filter((n: { caseId: string }) => n.caseId === case3.caseId);
    expect(notice.channels.sms).toMatchObject({ state: "failed", reason: "publish_failed" });
  });
});

describe("one publish per attempt, and every channel final", () => {
  it("two deliverers at once publish each channel once (the claim before the publish)", async () => {
    const c = await t.submitAccepted("after-death-hospital-pensioner", "notices-4");
    const reports = await Promise.all([withChannels.deliverNotices(), withChannels.deliverNotices()]);
    expect(reports.reduce((n, r) => n + r.published, 0)).toBe(2);
    const mine = async (channel: "sms" | "push") =>
      (await gatewayReceives(channel)).filter((m) => m.text.zh.includes(c.caseId));
    expect(await mine("sms")).toHaveLength(1);
    expect(await mine("push")).toHaveLength(1);
  });

  it("redelivers a receipt that beats its own `sent`, then applies it", async () => {
    const submitted = await t.submitSample("after-death-hospital-pensioner", "notices-5");
    const c = submitted.body as { caseId: string };
    const mock = mockClient(sns);
    const early: unknown[] = [];
    mock.on(PublishCommand).callsFake(async (input: { Message: string }) => {
      const m = JSON.parse(input.Message) as GatewayMessage;
      const messageId = `m-${m.channel}-${m.attempt}`;
      // The gateway answers before the deliverer has recorded `sent`: the channel is still claimed.
      await report({
        noticeId: m.noticeId,
        channel: m.channel,
        attempt: m.attempt,
        messageId,
        outcome: "delivered",
      });
      early.push(await drainReceipts());
      return { MessageId: messageId };
    });
    try {
      await withChannels.deliverNotices();
    } finally {
      mock.restore();
    }
    expect(early.length).toBeGreaterThan(0);
    // Each time the receipt just reported could not be applied yet (an earlier one may be, now after its `sent`).
    for (const e of early) expect(e).toMatchObject({ failed: 1 });
    const [notice] = (await t.request("GET", "/v1/notices", submitted.claims)).body.notices.filter(
      (n: { caseId: string }) => n.caseId === c.caseId,
    );
    const id = notice.noticeId as string;
    // Received again from the queue once its `sent` was stored (the next drain at the latest): applied on both.
    await drainReceipts();
    expect((await t.store.getNotice(id))?.channels).toMatchObject({
      sms: { state: "delivered" },
      push: { state: "delivered" },
    });
  });

  it("fails a sent channel with no receipt in time (`no_receipt`), and drops the phone once all are final", async () => {
    const sent = async () =>
      (await t.store.listDueNotices(new Date(now.getTime() + 48 * 3_600_000), 100)).filter((n) =>
        Object.values(n.channels).some((ch) => ch?.state === "sent"),
      );
    await drainReceipts(); // the receipts still queued from the tests above
    const waiting = await sent();
    expect(waiting.length).toBeGreaterThan(0);
    now = new Date(now.getTime() + 25 * 3_600_000); // past the default receipt time (24 h)
    await withChannels.deliverNotices();
    for (const n of waiting) {
      const after = await t.store.getNotice(n.noticeId);
      for (const ch of Object.values(after?.channels ?? {}))
        expect(["delivered", "failed"]).toContain(ch?.state);
      expect(Object.values(after?.channels ?? {}).some((ch) => ch?.reason === "no_receipt")).toBe(true);
      expect(after?.phone).toBeUndefined();
    }
  });
});

describe("a receipts queue that fails", () => {
  it("does not stop the notices that are due from going out", async () => {
    await t.submitAccepted("after-death-hospital-pensioner", "notices-6");
    // SQS refuses every receive (a missing grant, a throttle): the receipts are left for the next round.
    const mock = mockClient(t.local.clients.sqs);
    mock
      .on(ReceiveMessageCommand)
      .rejects(Object.assign(new Error("Access denied"), { name: "AccessDenied" }));
    let round: Awaited<ReturnType<typeof withChannels.deliverNotices>>;
    try {
      round = await withChannels.deliverNotices();
    } finally {
      mock.restore();
    }
    expect(round.published).toBeGreaterThanOrEqual(2);
    expect(round.receipts).toBeUndefined();
    expect(t.log.lines.join("\n")).toContain("notice receipts not drained");
    await gatewayReceives("sms");
    await gatewayReceives("push");
  });
});
