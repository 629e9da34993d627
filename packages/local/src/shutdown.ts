import type { CaseLogger } from "@onething/cases";

export interface ShutdownStep {
  readonly name: string;
  readonly run: () => Promise<void> | void;
  /** Give up waiting for this step after this long (the next steps still run). Default 15 s. */
  readonly timeoutMs?: number;
}

/**
 * Runs the stop steps in order, each bounded; a step that fails or hangs is logged and the rest still run, so a
 * broken poller never leaves the JVM behind. Resolves when every step finished or gave up.
 */
export async function runShutdown(steps: readonly ShutdownStep[], log: CaseLogger): Promise<void> {
  for (const step of steps) {
    let timer: NodeJS.Timeout | undefined;
    const gaveUp = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), step.timeoutMs ?? 15_000);
    });
    try {
      const outcome = await Promise.race([Promise.resolve(step.run()).then(() => "done" as const), gaveUp]);
      if (outcome === "timeout") log.error("stop step timed out; going on", { step: step.name });
    } catch (error) {
      log.error("stop step failed; going on", { step: step.name, error: (error as Error).message });
    } finally {
      clearTimeout(timer);
    }
  }
}

export interface SignalOptions {
  readonly signals?: readonly NodeJS.Signals[];
  /** Told which signal arrived, before stopping starts (e.g. to print "stopping…"). */
  readonly onSignal?: (signal: NodeJS.Signals) => void;
  /** After `stop` resolved. Default: set `process.exitCode` to 0 and let the event loop end. */
  readonly onStopped?: (signal: NodeJS.Signals) => void;
}

/**
 * Ctrl-C and SIGTERM stop the platform gracefully: the first signal runs `stop` (drain, then stop every service);
 * a second one while that runs exits at once (exit code 130), and the process's exit hook still terminates the
 * DynamoDB Local JVM. Returns the function that removes the handlers.
 *
 * @example
 * const platform = await startLocalPlatform({ … });
 * stopOnSignals(() => platform.stop(), { onSignal: () => console.error("stopping…") });
 */
export function stopOnSignals(stop: () => Promise<void>, options: SignalOptions = {}): () => void {
  const signals = options.signals ?? ["SIGINT", "SIGTERM"];
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) {
      process.exit(130);
    }
    stopping = true;
    options.onSignal?.(signal);
    void stop().then(
      () => {
        remove();
        if (options.onStopped) options.onStopped(signal);
        else process.exitCode = 0;
      },
      () => process.exit(1),
    );
  };
  const remove = () => {
    for (const signal of signals) process.off(signal, handler);
  };
  for (const signal of signals) process.on(signal, handler);
  return remove;
}
