import type { ScheduledEvent } from "aws-lambda";
import { type SweepDeps, type SweepReport, sweep } from "./sweep.ts";

/**
 * The scheduled Lambda (EventBridge rule, every minute). The tick's time is the clock's, not the event's
 * `time`: a delayed or retried invocation still sweeps with the current time.
 *
 * @example
 * export const handler = createSweeperHandler({ store, send: platform.send, departments, log, clock });
 */
export function createSweeperHandler(deps: SweepDeps & { clock: () => Date }) {
  return async (_event?: ScheduledEvent): Promise<SweepReport> => sweep(deps, deps.clock());
}
