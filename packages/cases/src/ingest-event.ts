import type { ApplyDeps } from "./apply-event.ts";

export interface IngestDeps extends ApplyDeps {}

export type IngestOutcome = { kind: "applied" | "duplicate"; actions: number };

/** Placeholder with the final signature; the lead replaces the body (issue 13). */
export async function ingestDataEvent(
  _deps: IngestDeps,
  _source: string,
  _event: unknown,
  _now: Date,
): Promise<IngestOutcome> {
  throw new Error("ingestDataEvent: not yet built");
}
