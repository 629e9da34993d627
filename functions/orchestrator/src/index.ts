import type { AuthError } from "@onething/auth";
import {
  type ApplyDeps,
  acceptTaskResult,
  applyCaseEvent,
  RequestRefusedError,
  type ResultDeps,
} from "@onething/cases";
import { CaseEventMessageSchema, TaskResultMessageSchema, toCaseEvent } from "@onething/contracts";
import { createSqsConsumer, type PoisonHandler, PoisonMessageError } from "@onething/messaging";

/**
 * The orchestrator: one case event per record → load, decide, commit, send. Ignored and duplicate events are
 * successes (nothing to retry); a version conflict that outlasts the retries fails the record, so SQS redelivers it.
 */
export function createOrchestratorHandler(deps: ApplyDeps & { clock: () => Date; onPoison?: PoisonHandler }) {
  return createSqsConsumer({
    schema: CaseEventMessageSchema,
    handle: async (_record, message) => {
      await applyCaseEvent(deps, toCaseEvent(message), deps.clock());
    },
    ...(deps.onPoison ? { onPoison: deps.onPoison } : {}),
  });
}

/**
 * Department answers sent to the results queue: the same checks as the HTTP route. A stale or finished task is
 * dropped (it changes nothing, as over HTTP); a forged, foreign or invalid answer goes to the dead-letter queue
 * with the reason, since retrying can never make it valid.
 */
export function createResultsHandler(deps: ResultDeps & { clock: () => Date; onPoison?: PoisonHandler }) {
  return createSqsConsumer({
    schema: TaskResultMessageSchema,
    handle: async (record, message) => {
      try {
        await acceptTaskResult(deps, message.taskToken, message.result, undefined, deps.clock());
      } catch (error) {
        if (error instanceof RequestRefusedError && error.status === 409) {
          deps.log.info("department answer dropped", { code: error.code, detail: error.message });
          return;
        }
        const refused = error instanceof RequestRefusedError || (error as AuthError).status !== undefined;
        if (refused && deps.onPoison) {
          await deps.onPoison(
            record,
            new PoisonMessageError("schema-mismatch", `refused: ${(error as Error).message}`),
          );
          return;
        }
        throw error;
      }
    },
    ...(deps.onPoison ? { onPoison: deps.onPoison } : {}),
  });
}
