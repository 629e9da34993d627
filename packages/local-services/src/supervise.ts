import { type ChildProcess, spawn } from "node:child_process";

/**
 * Keeps track of the long-lived child processes we start (DynamoDB Local's JVM) so none outlives us:
 * - normal stop: the service's own `stop()` (SIGTERM, then SIGKILL) and waits for the exit;
 * - our process exits or gets SIGINT/SIGTERM/SIGHUP: SIGTERM to every live child, synchronously (on a
 *   signal, children registered with `ownerHandlesSignals` are left to their owner's own handler);
 * - our process dies without running any handler (SIGKILL, OOM kill): a detached shell watchdog per
 *   child notices within a second and terminates the child.
 */
interface Supervised {
  readonly watchdog: ChildProcess | undefined;
  /** The owner stops this child itself on SIGINT/SIGTERM/SIGHUP (after draining); only `exit` kills it here. */
  readonly ownerHandlesSignals: boolean;
}

const live = new Map<ChildProcess, Supervised>();
const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
let hooksInstalled = false;

const WATCHDOG_SCRIPT = `
parent="$1"; child="$2"
while kill -0 "$parent" 2>/dev/null && kill -0 "$child" 2>/dev/null; do sleep 1; done
if kill -0 "$child" 2>/dev/null; then
  kill -TERM "$child" 2>/dev/null; sleep 5; kill -KILL "$child" 2>/dev/null
fi
`;

function terminateAll(): void {
  for (const [child, { watchdog }] of live) {
    child.kill("SIGTERM");
    watchdog?.kill("SIGTERM");
  }
  live.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  // Alone on this signal we would swallow it: terminate every child, restore the default action and
  // re-raise it. With other listeners (vitest, the local runtime), exiting is their call, and children
  // whose owner handles signals are left for the owner to stop once it has drained.
  if (process.listenerCount(signal) === 1) {
    terminateAll();
    process.removeListener(signal, onSignal);
    process.kill(process.pid, signal);
    return;
  }
  for (const [child, { watchdog, ownerHandlesSignals }] of live) {
    if (ownerHandlesSignals) continue;
    child.kill("SIGTERM");
    watchdog?.kill("SIGTERM");
    live.delete(child);
  }
}

function installHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on("exit", terminateAll);
  for (const signal of SIGNALS) process.on(signal, onSignal);
}

function startWatchdog(child: ChildProcess): ChildProcess | undefined {
  if (process.platform === "win32" || child.pid === undefined) return undefined;
  const watchdog = spawn("sh", ["-c", WATCHDOG_SCRIPT, "watchdog", String(process.pid), String(child.pid)], {
    detached: true,
    stdio: "ignore",
  });
  watchdog.on("error", () => {
    // No shell: the exit and signal hooks still cover every case except a hard kill of this process.
  });
  watchdog.unref();
  return watchdog;
}

export interface SuperviseOptions {
  /**
   * The owner has its own SIGINT/SIGTERM handler that stops the child when it is done (the local runtime drains
   * in-flight work against DynamoDB first), so the signal hooks leave this child alone. Our `exit` hook and the
   * watchdog still terminate it; spawn such a child `detached` so a terminal's Ctrl-C reaches only the parent.
   */
  readonly ownerHandlesSignals?: boolean;
}

/** Registers a child to be terminated with us; returns the function that forgets it once it exited. */
export function supervise(child: ChildProcess, options: SuperviseOptions = {}): () => void {
  installHooks();
  live.set(child, {
    watchdog: startWatchdog(child),
    ownerHandlesSignals: options.ownerHandlesSignals ?? false,
  });
  return () => {
    live.get(child)?.watchdog?.kill("SIGTERM");
    live.delete(child);
  };
}

/** Resolves once the child has exited (immediately if it already has). */
export function exited(child: ChildProcess): Promise<void> {
  const neverStarted = child.pid === undefined;
  if (neverStarted || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone. */
export async function terminate(child: ChildProcess, graceMs: number): Promise<void> {
  const done = exited(child);
  child.kill("SIGTERM");
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), graceMs);
  });
  const outcome = await Promise.race([done.then(() => "exited" as const), gaveUp]);
  clearTimeout(timer);
  if (outcome === "timeout") {
    child.kill("SIGKILL");
    await done;
  }
}
