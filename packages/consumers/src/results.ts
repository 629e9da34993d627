import { acceptTaskResult, type ResultDeps } from "@onething/cases";
import { TaskResultMessageSchema } from "@onething/contracts";
import { RefusalError } from "@onething/domain";
import { createSqsConsumer, type PoisonHandler, PoisonMessageError } from "@onething/messaging";
import { queuePolicyOf } from "./queue-policy.ts";

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
        const policy = queuePolicyOf(error);
        if (policy === "ack" && error instanceof RefusalError) {
          deps.log.info("department answer dropped", { code: error.code, detail: error.message });
          return;
        }
        if (policy === "dead_letter" && error instanceof RefusalError && deps.onPoison) {
          await deps.onPoison(record, new PoisonMessageError("refused", `${error.code}: ${error.message}`));
          return;
        }
        throw error;
      }
    },
    ...(deps.onPoison ? { onPoison: deps.onPoison } : {}),
  });
}
