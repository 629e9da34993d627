import { join } from "node:path";
import {
  isPortFree,
  type LocalService,
  type ProvisionedQueue,
  type ProvisionedQueues,
  type SqsEmulator,
  startDynamoDbLocal,
  startSqsEmulator,
} from "@onething/local-services";
import { DYNAMODB_DIR, type RuntimeFile, readRuntimeFile, SQS_DIR } from "./data-dir.ts";
import { PortInUseError } from "./errors.ts";
import type { ResolvedOptions } from "./options.ts";
import type { ShutdownStep } from "./shutdown.ts";

export function everyQueue(all: ProvisionedQueues): ProvisionedQueue[] {
  return [all.orchestrator, all.results, all.events, ...Object.values(all.departments)];
}

/** The runtime file a previous run left, if readable: one we cannot read is overwritten, not obeyed. */
export function previousRuntime(dataDir: string): RuntimeFile | undefined {
  try {
    return readRuntimeFile(dataDir);
  } catch {
    return undefined;
  }
}

/** A fixed port already taken fails before anything starts, with the flag that changes it. */
export async function checkPorts(options: ResolvedOptions): Promise<void> {
  const wanted: [number | undefined, string, string][] = [
    [options.port === 0 ? undefined : options.port, "the HTTP API", "--port"],
    [options.dynamoPort, "DynamoDB Local", "--dynamo-port"],
    [options.sqsPort, "the SQS emulator", "--sqs-port"],
  ];
  for (const [port, what, flag] of wanted) {
    if (port === undefined) continue;
    const host = what === "the HTTP API" ? options.host : "127.0.0.1";
    if (!(await isPortFree(port, host))) throw new PortInUseError(port, what, flag);
  }
}

export async function startServices(
  options: ResolvedOptions,
  steps: ShutdownStep[],
): Promise<[LocalService, SqsEmulator]> {
  const results = await Promise.allSettled([
    startDynamoDbLocal({
      ...(options.dynamoPort === undefined ? {} : { port: options.dynamoPort }),
      ...(options.inMemory ? {} : { dbPath: join(options.dataDir, DYNAMODB_DIR) }),
      // We drain handlers that still write to DynamoDB before stopping it; Ctrl-C must not reach the JVM first.
      signalsHandledByCaller: true,
    }),
    // Persisted too: answers waiting on the orchestrator queue, notices and DLQ contents survive a restart.
    startSqsEmulator({
      ...(options.sqsPort === undefined ? {} : { port: options.sqsPort }),
      ...(options.inMemory ? {} : { dataDir: join(options.dataDir, SQS_DIR) }),
    }),
  ]);
  for (const result of results) {
    if (result.status === "fulfilled") {
      const service = result.value;
      steps.push({ name: "stop service", run: () => service.stop() });
    }
  }
  const [dynamo, sqs] = results;
  if (dynamo?.status === "fulfilled" && sqs?.status === "fulfilled") return [dynamo.value, sqs.value];
  const failure = results.find((r) => r.status === "rejected");
  throw failure?.status === "rejected" ? failure.reason : new Error("local services did not start");
}
