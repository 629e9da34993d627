import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { startFauxqs } from "fauxqs";
import type { LocalService } from "./dynamodb-local.ts";
import { LocalServiceStartError } from "./errors.ts";

export interface SqsEmulatorOptions {
  /** Fixed port; default: one the OS assigns. */
  readonly port?: number;
  /** Persist queues and messages (SQLite) under this directory; default: in memory. */
  readonly dataDir?: string;
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
export async function startSqsEmulator(options: SqsEmulatorOptions = {}): Promise<LocalService> {
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
    stop() {
      stopping ??= server.stop();
      return stopping;
    },
  };
}
