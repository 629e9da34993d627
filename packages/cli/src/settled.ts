import path from "node:path";
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
} from "@aws-sdk/client-sqs";
import { z } from "zod";
import type { Context } from "./context.ts";
import { CLI_SETTLED_FILE, readJsonFile, writeJsonFile } from "./data-dir.ts";
import { type DepartmentQueue, inspectQueue } from "./department-queue.ts";
import { CliError } from "./errors.ts";

/**
 * Deleting exactly one message from an SQS queue without touching the others.
 *
 * SQS deletes only a message it has handed out (a receipt handle comes with a receive), and a receive hands out
 * the oldest visible messages first; it cannot be asked for one message by id. Receiving until the answered task
 * turns up would take every message in front of it too: each is hidden for a while and its
 * receive count goes up, and after `maxReceiveCount` (8) a task nobody answered ends in the dead-letter queue.
 *
 * So the CLI never receives a message it has not settled. Answering a task or acknowledging a notice *settles*
 * its message: the id goes into `<dataDir>/cli-settled.json`, and `tasks` no longer lists it. Then, and whenever a
 * department command runs, the settled messages at the front of the queue (seen through the emulator's read-only
 * inspection, in the order a receive hands them out) are received — exactly as many as stand there — and
 * deleted. A settled message behind an open task waits until the tasks in front of it are settled too; answering
 * in the order `tasks` lists (oldest first) deletes each at once.
 */

/** A visible message the inspection did not show at the front got received meanwhile: it is handed back. */
const RELEASE_VISIBILITY_SECONDS = 1;
/** How long a settled message stays hidden between its receive and its delete (a moment, normally). */
const RECEIVE_VISIBILITY_SECONDS = 30;
const MAX_PER_RECEIVE = 10;

const SettledBookSchema = z.strictObject({
  version: z.literal(1),
  /** Queue URL → the ids of its messages the CLI has settled and not yet seen gone. */
  queues: z.record(z.string(), z.array(z.string())),
});
type SettledBook = z.infer<typeof SettledBookSchema>;

const fileOf = (ctx: Context) => path.join(ctx.dataDir, CLI_SETTLED_FILE);

async function readBook(ctx: Context): Promise<SettledBook> {
  const raw = readJsonFile(fileOf(ctx));
  if (raw === undefined) return { version: 1, queues: {} };
  const parsed = SettledBookSchema.safeParse(raw);
  if (!parsed.success) throw new CliError(`${fileOf(ctx)} is not the CLI's settled-message book; delete it`);
  return parsed.data;
}

/** The ids of the messages the CLI has settled on this queue. */
export async function settledOn(ctx: Context, queue: DepartmentQueue): Promise<ReadonlySet<string>> {
  return new Set((await readBook(ctx)).queues[queue.url] ?? []);
}

async function writeSettled(ctx: Context, queue: DepartmentQueue, ids: ReadonlySet<string>): Promise<void> {
  const book = await readBook(ctx);
  const queues = { ...book.queues, [queue.url]: [...ids] };
  if (ids.size === 0) delete queues[queue.url];
  await writeJsonFile(fileOf(ctx), { version: 1, queues }, 0o644);
}

export interface SweepReport {
  /** Settled messages deleted now. */
  readonly deleted: number;
  /** Settled messages still on the queue (behind an open one, or in flight elsewhere). */
  readonly waiting: number;
}

/** Receives `count` messages from the front, deletes those that are settled, hands any other back at once. */
async function takeFront(
  queue: DepartmentQueue,
  count: number,
  settled: ReadonlySet<string>,
): Promise<{ deleted: string[]; surprised: boolean }> {
  const out = await queue.sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: queue.url,
      MaxNumberOfMessages: Math.min(MAX_PER_RECEIVE, count),
      VisibilityTimeout: RECEIVE_VISIBILITY_SECONDS,
      WaitTimeSeconds: 0,
    }),
  );
  const received = out.Messages ?? [];
  const mine = received.filter((m) => settled.has(m.MessageId ?? ""));
  const others = received.filter((m) => !settled.has(m.MessageId ?? ""));
  const entries = (messages: Message[]) =>
    messages.map((m, i) => ({ Id: `m${i}`, ReceiptHandle: m.ReceiptHandle }));
  if (others.length > 0) {
    // Someone else received the front meanwhile: what came instead is not ours to keep hidden.
    await queue.sqs.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: queue.url,
        Entries: entries(others).map((e) => ({ ...e, VisibilityTimeout: RELEASE_VISIBILITY_SECONDS })),
      }),
    );
  }
  if (mine.length > 0) {
    await queue.sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queue.url, Entries: entries(mine) }));
  }
  return {
    deleted: mine.map((m) => m.MessageId ?? ""),
    surprised: others.length > 0 || received.length === 0,
  };
}

/**
 * Deletes the settled messages standing at the front of the queue, receiving exactly those; forgets settled ids
 * that are no longer on the queue at all. Never receives a message that is not settled (short of a race with
 * another consumer, whose message is then handed back at once).
 */
export async function sweepSettled(ctx: Context, queue: DepartmentQueue): Promise<SweepReport> {
  const settled = new Set(await settledOn(ctx, queue));
  if (settled.size === 0) return { deleted: 0, waiting: 0 };
  let deleted = 0;
  for (;;) {
    const { visible, onQueue } = await inspectQueue(queue);
    for (const id of settled) if (!onQueue.has(id)) settled.delete(id);
    const front = visible.findIndex((m) => !settled.has(m.messageId));
    const count = front === -1 ? visible.length : front;
    if (count === 0) break;
    const taken = await takeFront(queue, count, settled);
    for (const id of taken.deleted) settled.delete(id);
    deleted += taken.deleted.length;
    if (taken.surprised) break;
  }
  await writeSettled(ctx, queue, settled);
  return { deleted, waiting: settled.size };
}

/**
 * Settles these messages (an answered task, acknowledged notices) and deletes every settled message at the front
 * of the queue (see above). Returns how many of `ids` were deleted now and how many wait on the queue.
 */
export async function settleMessages(
  ctx: Context,
  queue: DepartmentQueue,
  ids: readonly string[],
): Promise<SweepReport> {
  if (ids.length === 0) return { deleted: 0, waiting: 0 };
  await writeSettled(ctx, queue, new Set([...(await settledOn(ctx, queue)), ...ids]));
  const before = await settledOn(ctx, queue);
  await sweepSettled(ctx, queue);
  const after = await settledOn(ctx, queue);
  const stillThere = ids.filter((id) => after.has(id)).length;
  return { deleted: ids.filter((id) => before.has(id) && !after.has(id)).length, waiting: stillThere };
}
