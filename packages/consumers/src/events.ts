import { type IngestDeps, ingestDataEvent, registrySealHolds } from "@onething/cases";
import { EventsQueueMessageSchema } from "@onething/contracts";
import { createSqsConsumer, type PoisonHandler, PoisonMessageError } from "@onething/messaging";
import { settleRefusal } from "./queue-policy.ts";

export interface EventsHandlerDeps extends IngestDeps {
  clock: () => Date;
  onPoison?: PoisonHandler;
  /** The ingestion use case; `ingestDataEvent` unless a test gives another. */
  ingest?: typeof ingestDataEvent;
}

/**
 * Source systems' data events on the events queue (and the platform's own `EmitDataEvent`s): each is ingested as
 * `POST /v1/events` ingests it, the refusal's kind deciding what the queue does (`QUEUE_POLICY`), as for department
 * answers: an invalid event, a source not allowed its type, a conflicting reuse of a source event id go to the
 * dead-letter queue with the reason `refused` (retrying can never make them valid); a superseded one is
 * acknowledged; anything else (the table busy) fails the record, so the queue redelivers it — ingestion is
 * idempotent by the source's event id, so a redelivery changes nothing.
 */
export function createEventsHandler(deps: EventsHandlerDeps) {
  const ingest = deps.ingest ?? ingestDataEvent;
  return createSqsConsumer({
    schema: EventsQueueMessageSchema,
    handle: async (record, message) => {
      if ("type" in message) {
        if (!(await registrySealHolds(deps.tokens, message))) {
          await deps.onPoison?.(
            record,
            new PoisonMessageError(
              "refused",
              "forged_registry_changes: the platform did not seal these changes",
            ),
          );
          if (!deps.onPoison) throw new Error("forged registry changes");
          return;
        }
        await deps.registry.applyCaseChanges(message.caseId, message.changes, deps.clock());
        return;
      }
      try {
        const result = await ingest(deps, message.source, message.event, deps.clock());
        deps.log.info("data event ingested", {
          source: message.source,
          result: result.kind,
          ...(result.outcome ? { summary: result.outcome.summary } : {}),
        });
      } catch (error) {
        await settleRefusal(error, record, deps, {
          message: "data event dropped",
          fields: { source: message.source },
        });
      }
    },
    ...(deps.onPoison ? { onPoison: deps.onPoison } : {}),
  });
}
