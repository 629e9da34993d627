import { AuthError } from "@onething/auth";
import {
  AlreadyAnsweredError,
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
 * dropped (it changes nothing, as over HTTP). A forged, foreign or invalid answer, and a second answer that
 * differs from the attempt's first, go to the dead-letter queue with the reason `refused`, since retrying can
 * never make them valid. Anything else (the table busy, say) fails the record, so the queue redelivers it.
 */
export function createResultsHandler(deps: ResultDeps & { clock: () => Date; onPoison?: PoisonHandler }) {
  return createSqsConsumer({
    schema: TaskResultMessageSchema,
    handle: async (record, message) => {
      try {
        await acceptTaskResult(deps, message.taskToken, message.result, undefined, deps.clock());
      } catch (error) {
        const dropped =
          error instanceof RequestRefusedError &&
          error.status === 409 &&
          !(error instanceof AlreadyAnsweredError);
        if (dropped) {
          deps.log.info("department answer dropped", { code: error.code, detail: error.message });
          return;
        }
        const refused = error instanceof RequestRefusedError || error instanceof AuthError;
        if (refused && deps.onPoison) {
          await deps.onPoison(record, new PoisonMessageError("refused", `${error.code}: ${error.message}`));
          return;
        }
        throw error;
      }
    },
    ...(deps.onPoison ? { onPoison: deps.onPoison } : {}),
  });
}
