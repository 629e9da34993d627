/** Kinds of the entries operators' actions add to a case's timeline, beside the engine's (never through `decide`). */
export const OPERATOR_TIMELINE_KINDS = ["dead_letter_redriven", "application_revealed"] as const;
export type OperatorTimelineKind = (typeof OPERATOR_TIMELINE_KINDS)[number];

interface OperatorEntryBase {
  /** Deterministic, like the engine's: `${eventId}#0`. */
  entryId: string;
  at: string;
  /** What the row is keyed by, e.g. `redrive:<dead letter message id>`, `reveal:<uuid>`. */
  eventId: string;
  detail?: string;
  /** About the case, not one item: readers of the union may still ask. */
  itemId?: never;
  department?: never;
  attempt?: never;
}

/**
 * An operator's action on a case, in its timeline: a dead letter of the case redriven to `queue` (ids only —
 * `messageId` is the dead letter's id in the DLQ; the message body is never recorded), or the unmasked
 * application shown to an operator (`operator` is their subject, `reason` what they gave; never the values).
 */
export type OperatorTimelineEntry =
  | (OperatorEntryBase & { kind: "dead_letter_redriven"; queue: string; messageId: string })
  | (OperatorEntryBase & { kind: "application_revealed"; operator: string; reason: string });
