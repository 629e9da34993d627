import { acceptTaskResult, type ResultDeps } from "@onething/cases";
import { TaskResultMessageSchema } from "@onething/contracts";
import { createSqsConsumer, type PoisonHandler } from "@onething/messaging";
import { settleRefusal } from "./queue-policy.ts";

/**
 * Department answers sent to the results queue: the same checks as the HTTP route, the refusal's kind deciding what
 * the queue does (`QUEUE_POLICY`): a stale or finished task is acknowledged (it changes nothing, as over HTTP); a
 * forged, foreign or invalid answer, and one that differs from the attempt's first, go to the dead-letter queue with
 * the reason `refused`, since retrying can never make them valid; anything else (the table busy) fails the record,
 * so the queue redelivers it.
 */
export function createResultsHandler(deps: ResultDeps & { clock: () => Date; onPoison?: PoisonHandler }) {
  return createSqsConsumer({
    schema: TaskResultMessageSchema,
    handle: async (record, message) => {
      try {
        await acceptTaskResult(deps, message.taskToken, message.result, undefined, deps.clock());
      } catch (error) {
        await settleRefusal(error, record, deps, { message: "department answer dropped" });
      }
    },
    ...(deps.onPoison ? { onPoison: deps.onPoison } : {}),
  });
}
