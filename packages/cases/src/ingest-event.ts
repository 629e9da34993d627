import { createHash } from "node:crypto";
import type { DataEventMessage } from "@onething/contracts";
import {
  type Catalogue,
  type DataEvent,
  DataEventSchema,
  PLATFORM_SOURCE,
  RefusalError,
  toFieldIssues,
} from "@onething/domain";
import type { ApplyDeps } from "./apply-event.ts";
import { canonicalJson } from "./canonical-json.ts";
import { runRules } from "./data-event-rules.ts";
import { validationFailed } from "./errors.ts";
import type { OfferRepository } from "./offer-ports.ts";
import { EVENTS_QUEUE } from "./ports.ts";
import type { DataEventClaim, DataEventOutcome, SubjectCaseList, SubjectRegistry } from "./registry-ports.ts";

export interface IngestDeps extends ApplyDeps {
  registry: SubjectRegistry;
  subjectCases: SubjectCaseList;
  /** Where a rule's `offer` actions are made. */
  offers: OfferRepository;
}

export type IngestOutcome =
  | { kind: "applied"; outcome: DataEventOutcome }
  | { kind: "duplicate"; outcome: DataEventOutcome | undefined };

/** A source may not send this (unknown source, a type or a benefit outside its configuration): 403. */
export class DataEventForbiddenError extends RefusalError {
  constructor(code: "unknown_source" | "event_type_not_allowed" | "benefit_not_allowed", message: string) {
    super("forbidden", code, message);
  }
}

/** The source event id was used before with another body: the first body stands. */
export class DataEventIdReusedError extends RefusalError {
  constructor(source: string, sourceEventId: string) {
    super(
      "conflict",
      "event_id_reused",
      `event ${sourceEventId} of ${source} was sent before with a different body; the first stands`,
    );
  }
}

/**
 * Checks a data event as a source sent it: the contract (every bad field named by its path in the event, e.g.
 * `person.idNumber`), then the source's
 * configuration (the types it may send; a roster, only its own benefits). Returns the parsed event and its claim.
 */
export function checkDataEvent(
  catalogue: Catalogue,
  source: string,
  raw: unknown,
): { event: DataEvent; claim: DataEventClaim } {
  const parsed = DataEventSchema.safeParse(raw);
  if (!parsed.success) throw validationFailed(toFieldIssues(parsed.error));
  const event = parsed.data;
  const declared = catalogue.sources.get(source);
  if (!declared) throw new DataEventForbiddenError("unknown_source", `no source system ${source}`);
  if (!declared.events.includes(event.type))
    throw new DataEventForbiddenError(
      "event_type_not_allowed",
      `source ${source} may send ${declared.events.join(", ")}, not ${event.type}`,
    );
  if (event.type === "EntitlementGranted" || event.type === "EntitlementEnded") {
    const benefit = catalogue.benefits.get(event.benefit);
    if (!benefit)
      throw validationFailed([
        { path: "benefit", message: `no benefit ${event.benefit}`, code: "unknown_benefit" },
      ]);
    if (!(declared.benefits ?? []).includes(event.benefit))
      throw new DataEventForbiddenError(
        "benefit_not_allowed",
        `source ${source} keeps the roster of ${(declared.benefits ?? []).join(", ") || "no benefit"}, not ${event.benefit}`,
      );
  }
  // The contract checked the code's shape; the tree says whether the place exists (a case started from the event
  // would otherwise be refused by the engine after the source was told 202).
  if (
    (event.type === "ChildBorn" || event.type === "LargeMedicalExpense") &&
    event.householdPlace !== undefined &&
    !catalogue.places.has(event.householdPlace)
  )
    throw validationFailed([
      {
        path: "householdPlace",
        message: `no place ${event.householdPlace} in the jurisdiction tree`,
        code: "unknown_place",
      },
    ]);
  const hash = createHash("sha256").update(canonicalJson(event)).digest("base64url");
  return { event, claim: { source, sourceEventId: event.sourceEventId, type: event.type, hash } };
}

/**
 * One data event from a source system, however often it is delivered: checked, claimed by its source event id (a
 * replay of a finished event changes nothing; a reused id with another body is refused), its registry effect made
 * (a death recorded, a roster's grant or end), then the rules run. Every step is idempotent (conditional writes,
 * case ids and event ids derived from the source event id), so a crash part-way is repaired by the redelivery.
 */
export async function ingestDataEvent(
  deps: IngestDeps,
  source: string,
  raw: unknown,
  now: Date,
): Promise<IngestOutcome> {
  const { event, claim } = checkDataEvent(deps.catalogue, source, raw);
  const record = await deps.registry.claimDataEvent(claim, now);
  if (record.hash !== claim.hash) throw new DataEventIdReusedError(source, event.sourceEventId);
  if (record.status === "done") return { kind: "duplicate", outcome: record.outcome };
  const receivedAt = new Date(record.receivedAt);
  const effect = await registryEffect(deps, source, event, now);
  const outcome: DataEventOutcome = effect.runRules
    ? await runRules(deps, { source, event, receivedAt }, now)
    : { summary: effect.summary, startedCases: [], touchedCases: [] };
  await deps.registry.completeDataEvent(claim, outcome, now);
  deps.log.info("data event applied", {
    source,
    sourceEventId: event.sourceEventId,
    type: event.type,
    summary: outcome.summary,
    started: outcome.startedCases.length,
    touched: outcome.touchedCases.length,
  });
  return { kind: "applied", outcome };
}

/**
 * What an event changes in the registry itself. A death is recorded once: only the event that recorded it runs the
 * rules (the hospital's record and a completed death-certificate item are the same death; the second changes
 * nothing). A roster's grant to a person recorded dead is flagged at once, so the overview shows it.
 */
async function registryEffect(
  deps: IngestDeps,
  source: string,
  event: DataEvent,
  now: Date,
): Promise<{ runRules: boolean; summary: string }> {
  const recordedBy = `${source}:${event.sourceEventId}`;
  switch (event.type) {
    case "PersonDied": {
      const death = await deps.registry.recordDeath(event.person.idNumber, {
        diedOn: event.diedOn,
        recordedAt: now.toISOString(),
        recordedBy,
      });
      if (death.recordedBy !== recordedBy)
        return { runRules: false, summary: `death already recorded by ${death.recordedBy}` };
      await deps.registry.markHolderDead(event.person.idNumber, now);
      return { runRules: true, summary: "" };
    }
    case "EntitlementGranted":
    case "EntitlementEnded": {
      const benefit = deps.catalogue.benefits.get(event.benefit);
      if (!benefit) throw new Error(`benefit ${event.benefit} checked but missing`);
      const granted = event.type === "EntitlementGranted";
      await deps.registry.applyRosterChange(
        {
          benefit: benefit.id,
          department: benefit.department,
          change: granted ? "grant" : "end",
          on: granted ? event.since : event.endedOn,
          holder: { idNumber: event.person.idNumber, name: event.person.name },
        },
        { source, sourceEventId: event.sourceEventId },
        now,
      );
      if (granted && (await deps.registry.deathOf(event.person.idNumber)))
        await deps.registry.markHolderDead(event.person.idNumber, now);
      return { runRules: true, summary: "" };
    }
    case "ChildBorn":
    case "HouseholdRegistrationCancelled":
    case "LargeMedicalExpense":
      return { runRules: true, summary: "" };
    default: {
      const never: never = event;
      throw new Error(`unknown data event ${String((never as DataEvent).type)}`);
    }
  }
}

/**
 * POST /v1/events: the same checks as the events function (400 naming the field, 403 for what the source may not
 * send), then the claim, then the event queued: a reused id with another body is refused at once (409), and the
 * status route knows the event from the moment it is accepted. The same body again is `duplicate`: queued again
 * unless it is done (an earlier send may have failed after the claim; the events function changes nothing twice).
 * The platform's own source sends through its outbox only.
 */
export async function acceptDataEvent(
  deps: Pick<IngestDeps, "catalogue" | "registry" | "send">,
  source: string,
  raw: unknown,
  now: Date,
): Promise<{ source: string; sourceEventId: string; status: "accepted" | "duplicate" }> {
  if (source === PLATFORM_SOURCE)
    throw new DataEventForbiddenError("unknown_source", "the platform's own events come through its outbox");
  const { event, claim } = checkDataEvent(deps.catalogue, source, raw);
  const standing = await deps.registry.claimDataEvent(claim, now);
  if (standing.hash !== claim.hash) throw new DataEventIdReusedError(source, event.sourceEventId);
  if (standing.status !== "done") {
    const message: DataEventMessage = { source, event, receivedAt: standing.receivedAt };
    await deps.send([{ queue: EVENTS_QUEUE, body: message }]);
  }
  return {
    source,
    sourceEventId: event.sourceEventId,
    status: standing.claimedNow ? "accepted" : "duplicate",
  };
}
