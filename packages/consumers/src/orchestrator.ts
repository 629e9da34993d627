import { type ApplyDeps, applyCaseEvent } from "@onething/cases";
import { CaseEventMessageSchema, toCaseEvent } from "@onething/contracts";
import { createSqsConsumer, type PoisonHandler } from "@onething/messaging";

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
