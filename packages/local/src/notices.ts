/**
 * The notices locally (issue 16): the channels' topics in fauxqs with a gateway queue subscribed to each, the
 * simulated SMS gateway and push service reading those queues and reporting a receipt per message on their
 * channel's receipts queue (a configurable share failed, with a reason, and with the SNS message id of the envelope), and the one
 * deliverer: a tick every two seconds (the sweeper's step is off locally, `deliverOnSweep: false`).
 */
import type { SNSClient } from "@aws-sdk/client-sns";
import {
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import {
  createLocalSnsClient,
  type ProvisionedNoticeTopics,
  provisionNoticeTopics,
} from "@onething/local-services";
import { maskPhone } from "@onething/notices";
import type { Topology } from "@onething/topology";
import type { createSinkLogger } from "./logger.ts";
import { draw } from "./random.ts";
import type { ShutdownStep } from "./shutdown.ts";
import type { SimulationSettings } from "./simulation.ts";

const DELIVERY_TICK_MS = 2_000;

/** Why a simulated gateway fails a message: SMS to a phone switched off (worth retrying), push without a device. */
const FAILURES = {
  sms: { reason: "unreachable", retryable: true },
  push: { reason: "no_device", retryable: false },
} as const;

export interface LocalNotices {
  readonly sns: SNSClient;
  readonly topics: ProvisionedNoticeTopics;
}

export async function provisionLocalNotices(
  topology: Topology,
  sqs: SQSClient,
  sqsEndpoint: string,
  steps: ShutdownStep[],
): Promise<LocalNotices> {
  const topics = await provisionNoticeTopics(topology, sqs, sqsEndpoint);
  const sns = createLocalSnsClient(sqsEndpoint);
  steps.push({ name: "close sns client", run: async () => sns.destroy() });
  return { sns, topics };
}

/** What `composePlatform` takes to publish on the local topics (the delivery tick, not the sweeper, delivers). */
export const localNoticeChannels = (notices: LocalNotices) => ({
  sns: notices.sns,
  topics: { sms: notices.topics.sms.topicArn, push: notices.topics.push.topicArn },
  receiptQueues: { sms: notices.topics.sms.receiptsQueueUrl, push: notices.topics.push.receiptsQueueUrl },
  deliverOnSweep: false,
});

interface GatewayMessage {
  noticeId: string;
  channel: "sms" | "push";
  attempt: number;
  to: string;
}

/** One simulated gateway: receive, decide (seeded per message), report on its receipts queue, delete. */
async function gatewayRound(
  sqs: SQSClient,
  queueUrl: string,
  receiptsQueueUrl: string,
  settings: SimulationSettings,
  clock: () => Date,
  log: ReturnType<typeof createSinkLogger>,
): Promise<void> {
  const out = await sqs.send(
    new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
  );
  const messages = out.Messages ?? [];
  for (const m of messages) {
    // The SNS envelope: the notice's message, and the message id the publish returned (the receipt's proof).
    const envelope = JSON.parse(m.Body ?? "{}") as { MessageId?: string; Message?: string };
    const message = JSON.parse(envelope.Message ?? "{}") as GatewayMessage;
    const key = `${message.noticeId}:${message.channel}:${message.attempt}`;
    const failed = draw(settings.seed, `notice:${key}`) < settings.noticeFailureRate;
    const failure = FAILURES[message.channel];
    const receipt = {
      type: "NoticeReceipt",
      noticeId: message.noticeId,
      channel: message.channel,
      attempt: message.attempt,
      messageId: envelope.MessageId,
      outcome: failed ? "failed" : "delivered",
      ...(failed ? failure : {}),
      at: clock().toISOString(),
    };
    await sqs.send(
      new SendMessageCommand({ QueueUrl: receiptsQueueUrl, MessageBody: JSON.stringify(receipt) }),
    );
    log.info("simulated gateway receipt", {
      noticeId: message.noticeId,
      channel: message.channel,
      attempt: message.attempt,
      outcome: receipt.outcome,
      ...(message.channel === "sms" ? { to: maskPhone(message.to) } : {}),
    });
  }
  if (messages.length > 0)
    await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle ?? "" })),
      }),
    );
}

/** Starts the simulated gateways and the delivery tick; their stops are pushed on `ctx.steps`. */
export function startLocalNotices(
  notices: LocalNotices,
  deliver: () => Promise<unknown>,
  sqs: SQSClient,
  ctx: {
    resolved: { simulation: SimulationSettings };
    clock: () => Date;
    loggerFor: (service: "local") => ReturnType<typeof createSinkLogger>;
    steps: ShutdownStep[];
  },
): void {
  const log = ctx.loggerFor("local");
  const options = {
    settings: ctx.resolved.simulation,
    clock: ctx.clock,
    deliver,
    steps: ctx.steps,
  };
  let stopped = false;
  const loops = (["sms", "push"] as const).map(async (channel) => {
    while (!stopped) {
      try {
        const { gatewayQueueUrl, receiptsQueueUrl } = notices.topics[channel];
        await gatewayRound(sqs, gatewayQueueUrl, receiptsQueueUrl, options.settings, options.clock, log);
      } catch (error) {
        if (!stopped)
          log.warn("simulated gateway round failed", { channel, error: (error as Error).message });
        await new Promise((r) => setTimeout(r, 1_000));
      }
    }
  });
  let running: Promise<unknown> | undefined;
  const timer = setInterval(() => {
    running ??= options
      .deliver()
      .catch((error: unknown) => log.warn("notice delivery tick failed", { error: (error as Error).message }))
      .finally(() => {
        running = undefined;
      });
  }, DELIVERY_TICK_MS);
  timer.unref();
  options.steps.push({
    name: "stop notices",
    run: async () => {
      stopped = true;
      clearInterval(timer);
      await Promise.all([running, ...loops]);
    },
  });
}
