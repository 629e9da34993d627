/**
 * Lambda entry point of the sweeper (EventBridge schedule, every minute). Wired once per cold start; it
 * resends through the platform's outbox sender, so queue URLs and FIFO ids are the same as on the hot path.
 * It signs and verifies nothing (outbox entries carry their tokens already), so it never reads the task-token key.
 */
import { createLambdaBase, logCalendarAtColdStart } from "@onething/platform/lambda";
import { createSweeperHandler } from "./handler.ts";

const { store, send, departments, log, clock, metrics, calendars } = createLambdaBase("sweeper");
await logCalendarAtColdStart(calendars, clock(), log);

export const handler = createSweeperHandler({ store, send, departments, log, clock, metrics });
