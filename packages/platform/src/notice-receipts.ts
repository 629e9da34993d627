/**
 * The gateways' delivery receipts (issue 16), drained by the sweeper from each channel's receipts queue: only that
 * channel's gateway may send there (on AWS its role alone has `sqs:SendMessage`), so a receipt is the gateway's
 * word, and one naming the other channel is dropped. Each is applied to its notice (a repeat changes nothing); a
 * malformed one is dropped with a log line (retrying cannot mend it); one that fails (the table, or a receipt
 * that beat its own `sent` write) stays on the queue and is received again after `retrySeconds`, up to the queue's
 * DLQ. The channels are drained one after the other, never at once: the last channel to become final drops the
 * phone from the notice, and two at once would each see the other still open.
 */
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import type { CaseLogger } from "@onething/cases";
import { NoticeReceiptMessageSchema } from "@onething/contracts";
import { applyReceipt, type NoticeDeps } from "@onething/notices";
import { NOTICE_CHANNELS, type NoticeChannelName } from "@onething/topology";

export type ReceiptQueues = Readonly<Record<NoticeChannelName, string>>;

export interface ReceiptsReport {
  readonly applied: number;
  readonly dropped: number;
  readonly failed: number;
}

export interface DrainOptions {
  /** When a receipt that failed is received again (default 30 s: the next tick, or the one after). */
  readonly retrySeconds?: number;
  /**
   * Real time one channel is drained for at most per round (default 15 s: both channels and the deliveries fit in
   * the sweeper's 50 s). Receipts take a few milliseconds each, so a tick applies thousands per channel.
   */
  readonly budgetMs?: number;
}

type Outcome = "applied" | "dropped" | "failed";

async function applyOne(
  body: string | undefined,
  channel: NoticeChannelName,
  deps: NoticeDeps,
  now: Date,
  log: CaseLogger,
): Promise<Outcome> {
  let json: unknown;
  try {
    json = JSON.parse(body ?? "");
  } catch {
    json = undefined;
  }
  const parsed = NoticeReceiptMessageSchema.safeParse(json);
  if (!parsed.success || parsed.data.channel !== channel) {
    log.warn("notice receipt dropped", {
      channel,
      reason: parsed.success ? "other_channel" : "malformed",
    });
    return "dropped";
  }
  const { type: _type, ...receipt } = parsed.data;
  try {
    await applyReceipt(deps, receipt, now);
    return "applied";
  } catch (error) {
    log.warn("notice receipt not applied; received again later", {
      channel,
      noticeId: receipt.noticeId,
      error: (error as Error).message,
    });
    return "failed";
  }
}

/** One channel's queue, until it is empty, only failures are left, or its time is spent. */
async function drainChannel(
  sqs: SQSClient,
  queueUrl: string,
  channel: NoticeChannelName,
  deps: NoticeDeps,
  clock: () => Date,
  log: CaseLogger,
  limits: { retrySeconds: number; budgetMs: number },
): Promise<ReceiptsReport> {
  const report = { applied: 0, dropped: 0, failed: 0 };
  const { retrySeconds } = limits;
  const until = Date.now() + limits.budgetMs;
  while (Date.now() < until) {
    const { Messages: messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
    );
    if (messages.length === 0) break;
    const done: { Id: string; ReceiptHandle: string }[] = [];
    for (const [i, m] of messages.entries()) {
      const outcome = await applyOne(m.Body, channel, deps, clock(), log);
      report[outcome]++;
      const handle = m.ReceiptHandle ?? "";
      if (outcome !== "failed") done.push({ Id: String(i), ReceiptHandle: handle });
      else
        await sqs.send(
          new ChangeMessageVisibilityCommand({
            QueueUrl: queueUrl,
            ReceiptHandle: handle,
            VisibilityTimeout: retrySeconds,
          }),
        );
    }
    if (done.length === 0) break; // only failures: receiving them again now would only burn their receive count
    await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: done }));
  }
  return report;
}

/** Every channel's receipts that are waiting, one channel after the other. */
export async function drainNoticeReceipts(
  sqs: SQSClient,
  queues: ReceiptQueues,
  deps: NoticeDeps,
  clock: () => Date,
  log: CaseLogger,
  options: DrainOptions = {},
): Promise<ReceiptsReport> {
  const reports: ReceiptsReport[] = [];
  for (const channel of NOTICE_CHANNELS)
    reports.push(
      await drainChannel(sqs, queues[channel], channel, deps, clock, log, {
        retrySeconds: options.retrySeconds ?? 30,
        budgetMs: options.budgetMs ?? 15_000,
      }),
    );
  return {
    applied: reports.reduce((n, r) => n + r.applied, 0),
    dropped: reports.reduce((n, r) => n + r.dropped, 0),
    failed: reports.reduce((n, r) => n + r.failed, 0),
  };
}
