import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { ChangeMessageVisibilityBatchCommand } from "@aws-sdk/client-sqs";
import { startFauxqs } from "fauxqs";
import { createLocalSqsClient } from "./clients.ts";
import type { LocalService } from "./dynamodb-local.ts";
import { LocalServiceStartError } from "./errors.ts";

export interface SqsEmulatorOptions {
  /** Fixed port; default: one the OS assigns. */
  readonly port?: number;
  /** Persist queues and messages (SQLite) under this directory; default: in memory. */
  readonly dataDir?: string;
}

/**
 * Visibility that releases a received message. Not 0: fauxqs 2.4 with `dataDir` fails `ChangeMessageVisibility` to 0
 * (its SQLite write violates `approximate_receive_count NOT NULL`, after the message already left the in-flight set:
 * the message vanishes until a restart). One second is the smallest value that avoids that path.
 */
export const RELEASE_VISIBILITY_SECONDS = 1;

export interface SqsEmulator extends LocalService {
  /**
   * Makes every message of these queues that is received but not deleted visible again, and returns how many.
   * For a persisted emulator on start: the consumers that received them are gone with the last process, and a
   * long poll aborted at its stop may have taken messages nobody ever saw, which would otherwise stay invisible
   * (and, on a FIFO queue, lock their group) until their visibility timeout — minutes.
   */
  releaseInFlight(queueUrls: readonly string[]): Promise<number>;
}

/**
 * Starts the fauxqs SQS emulator in this process (library mode: no child to leak, ~0.1 s start)
 * and checks its `/health` before returning.
 *
 * @example
 * const sqs = await startSqsEmulator();
 * const client = createLocalSqsClient(sqs.endpoint);
 * await sqs.stop();
 */
export async function startSqsEmulator(options: SqsEmulatorOptions = {}): Promise<SqsEmulator> {
  const started = performance.now();
  if (options.dataDir !== undefined) mkdirSync(resolve(options.dataDir), { recursive: true });
  const server = await startFauxqs({
    port: options.port ?? 0,
    logger: false,
    ...(options.dataDir === undefined ? {} : { dataDir: resolve(options.dataDir) }),
  });
  const health = await fetch(`${server.address}/health`).catch((error: unknown) => error);
  if (!(health instanceof Response) || !health.ok) {
    await server.stop();
    throw new LocalServiceStartError(`fauxqs did not pass its health check at ${server.address}/health`);
  }
  await health.arrayBuffer();
  const startupMs = Math.round(performance.now() - started);
  let stopping: Promise<void> | undefined;
  return {
    endpoint: server.address,
    startupMs,
    async releaseInFlight(queueUrls) {
      const sqs = createLocalSqsClient(server.address);
      let released = 0;
      try {
        for (const queueUrl of queueUrls) {
          const name = new URL(queueUrl).pathname.split("/").filter(Boolean).at(-1) ?? "";
          const handles = (server.inspectQueue(name)?.messages.inflight ?? []).map((m) => m.receiptHandle);
          for (let start = 0; start < handles.length; start += 10) {
            const chunk = handles.slice(start, start + 10);
            await sqs.send(
              new ChangeMessageVisibilityBatchCommand({
                QueueUrl: queueUrl,
                Entries: chunk.map((handle, i) => ({
                  Id: String(i),
                  ReceiptHandle: handle,
                  VisibilityTimeout: RELEASE_VISIBILITY_SECONDS,
                })),
              }),
            );
            released += chunk.length;
          }
        }
      } finally {
        sqs.destroy();
      }
      return released;
    },
    stop() {
      stopping ??= server.stop();
      return stopping;
    },
  };
}
