/**
 * Lambda entry point of the sweeper (EventBridge schedule, every minute). Wired once per cold start; it
 * resends through the platform's outbox sender, so queue URLs and FIFO ids are the same as on the hot path.
 */
import { createLambdaPlatform } from "@onething/platform/lambda";
import { createSweeperHandler } from "./handler.ts";

const { platform, store, departments, log } = createLambdaPlatform("sweeper");

export const handler = createSweeperHandler({
  store,
  send: platform.send,
  departments,
  log,
  clock: platform.clock,
});
