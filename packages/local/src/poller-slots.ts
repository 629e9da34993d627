/** Waits `ms`, or less if the signal aborts first (never rejects: a stopping poller just moves on). */
export const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });

/** Invocation slots: `acquire` resolves true once one is free, or false if the signal aborts the wait first. */
export function createSlots(limit: number) {
  let used = 0;
  const waiting: ((granted: boolean) => void)[] = [];
  return {
    acquire(signal: AbortSignal): Promise<boolean> {
      if (signal.aborted) return Promise.resolve(false);
      if (used < limit) {
        used++;
        return Promise.resolve(true);
      }
      return new Promise((resolve) => {
        const grant = (granted: boolean) => {
          signal.removeEventListener("abort", onAbort);
          resolve(granted);
        };
        const onAbort = () => {
          waiting.splice(waiting.indexOf(grant), 1);
          resolve(false);
        };
        waiting.push(grant);
        signal.addEventListener("abort", onAbort, { once: true });
      });
    },
    release(): void {
      const next = waiting.shift();
      if (next) next(true);
      else used--;
    },
  };
}
