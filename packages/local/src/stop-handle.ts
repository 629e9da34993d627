import type { ProgressOutput } from "./progress.ts";
import { type ShutdownStep, stopOnSignals } from "./shutdown.ts";

/** `stop()`, once however often it is called, on Ctrl-C too when asked. */
export function stopHandle(
  shutdown: () => Promise<void>,
  output: ProgressOutput | false,
  handleSignals: boolean,
  steps: ShutdownStep[],
): () => Promise<void> {
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= shutdown().then(() => {
      if (output) output.write("OneThing stopped: every service is down.\n");
    });
    return stopping;
  };
  if (handleSignals) {
    const remove = stopOnSignals(stop, {
      onSignal: (signal) => {
        if (output) output.write(`\n${signal}: draining in-flight work and stopping…\n`);
      },
    });
    steps.push({ name: "remove signal handlers", run: remove });
  }
  return stop;
}
