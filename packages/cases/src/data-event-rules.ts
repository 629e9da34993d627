import { createHash } from "node:crypto";
import {
  type ApplicationSubmitted,
  type CaseEvent,
  caseIdOf,
  chinaDate,
  type DataEvent,
  eventPersons,
  type PlannedAction,
  planRules,
  validateApplication,
} from "@onething/domain";
import { applyCaseEvent } from "./apply-event.ts";
import type { IngestDeps } from "./ingest-event.ts";
import { makeRuleOffer } from "./offer-rules.ts";
import type { DataEventOutcome, EntitlementRecord } from "./registry-ports.ts";
import { SubjectCaseOpenError } from "./repository-errors.ts";

/** The event being run, with the time its claim was first made (stable across redeliveries). */
export interface DataEventContext {
  source: string;
  event: DataEvent;
  receivedAt: Date;
}

/**
 * The case a rule starts for an event: the same id on every delivery (a hash of the source, its event id, the
 * rule and the action), in the format of every case id, dated by the event's first receipt.
 */
export function systemCaseId(ctx: DataEventContext, action: PlannedAction): string {
  const digest = createHash("sha256")
    .update(`${ctx.source}\u0000${ctx.event.sourceEventId}\u0000${action.ruleId}\u0000${action.index}`)
    .digest();
  return caseIdOf(ctx.receivedAt, digest);
}

/** What the engine is told of the registry when a case starts: the subject's entitlements, as they stand. */
export const registrySnapshot = (entitlements: readonly EntitlementRecord[]) => ({
  entitlements: entitlements.map((e) => ({
    benefit: e.benefit,
    status: e.status,
    ...(e.stopCaseId ? { stopCaseId: e.stopCaseId } : {}),
  })),
});

/**
 * Runs the rules on a claimed event: plans them over the registry as it stands (pure, `planRules`), then carries
 * out each action once in effect — a started case has a derived id (its first commit is the only one), an event
 * added to a case has a derived event id (the case's processed-event marker refuses a second).
 */
export async function runRules(
  deps: IngestDeps,
  ctx: DataEventContext,
  now: Date,
): Promise<DataEventOutcome> {
  const person = eventPersons(ctx.event)[0];
  const entitlements = person ? await deps.registry.entitlementsOf(person.idNumber) : [];
  const planned = planRules(deps.catalogue, ctx.event, {
    entitlements: entitlements.map((e) => ({
      benefit: e.benefit,
      department: e.department,
      since: e.since ?? chinaDate(new Date(e.updatedAt)),
      status: e.status,
    })),
  });
  const outcome: DataEventOutcome = { summary: "", startedCases: [], touchedCases: [] };
  const notes: string[] = [];
  for (const action of planned) {
    if (action.kind === "startCase")
      notes.push(await startCase(deps, ctx, action, entitlements, outcome, now));
    else if (action.kind === "offer")
      notes.push(await makeRuleOffer(deps, ctx, action, planned, outcome, now));
    else notes.push(await addToCases(deps, ctx, action, outcome, now));
  }
  outcome.summary = notes.join("; ") || "no rule applies";
  return outcome;
}

async function startCase(
  deps: IngestDeps,
  ctx: DataEventContext,
  action: Extract<PlannedAction, { kind: "startCase" }>,
  entitlements: readonly EntitlementRecord[],
  outcome: DataEventOutcome,
  now: Date,
): Promise<string> {
  const rule = `${action.ruleId}.v${action.ruleVersion}`;
  const bundle = deps.catalogue.bundle(action.bundleId);
  const valid = validateApplication(bundle, action.application);
  if (!valid.ok) {
    // A rule's mapping is checked at load; what fails here is data (a roster's row), named for the operator.
    const fields = valid.issues.map((i) => i.path).join(", ");
    deps.log.error("rule made an invalid application", { rule, bundleId: bundle.id, fields });
    return `${rule}: no case (invalid ${fields})`;
  }
  const caseId = systemCaseId(ctx, action);
  const submitted: ApplicationSubmitted = {
    type: "ApplicationSubmitted",
    eventId: `submit:${caseId}`,
    caseId,
    bundleId: bundle.id,
    application: valid.value,
    channel: "proactive",
    filedBy: { role: "system", id: ctx.source },
    registry: registrySnapshot(entitlements),
  };
  try {
    const result = await applyCaseEvent(deps, submitted, now);
    if (result.kind === "ignored" && !result.state) {
      deps.log.error("rule's case refused by the engine", {
        rule,
        bundleId: bundle.id,
        reason: result.reason,
      });
      return `${rule}: no case (${result.reason})`;
    }
    outcome.startedCases.push(caseId);
    return `${rule}: started ${caseId}`;
  } catch (error) {
    if (!(error instanceof SubjectCaseOpenError)) throw error;
    const open = error.openCaseId;
    outcome.touchedCases.push(open);
    return `${rule}: ${bundle.id} already open as ${open}`;
  }
}

async function addToCases(
  deps: IngestDeps,
  ctx: DataEventContext,
  action: Extract<PlannedAction, { kind: "addEvent" | "notify" }>,
  outcome: DataEventOutcome,
  now: Date,
): Promise<string> {
  const rule = `${action.ruleId}.v${action.ruleVersion}`;
  const links = (await deps.subjectCases(action.idNumber)).filter(
    (link) => link.role === action.role && action.bundles.includes(link.bundleId),
  );
  const eventId = (caseId: string) =>
    `data:${ctx.source}:${ctx.event.sourceEventId}:${action.ruleId}:${action.index}:${caseId}`;
  let applied = 0;
  for (const { caseId } of links) {
    const event: CaseEvent =
      action.kind === "addEvent"
        ? {
            type: "CaseWithdrawn",
            eventId: eventId(caseId),
            caseId,
            reason: `${action.reason.zh}（${ctx.event.type}，${ctx.source}）`,
            by: { role: "system", id: ctx.source },
          }
        : {
            type: "SubjectEventNoted",
            eventId: eventId(caseId),
            caseId,
            eventType: ctx.event.type,
            source: ctx.source,
            sourceEventId: ctx.event.sourceEventId,
            note: action.note,
            data: ctx.event,
          };
    const result = await applyCaseEvent(deps, event, now);
    if (result.kind === "applied") {
      applied++;
      outcome.touchedCases.push(caseId);
    }
  }
  const verb = action.kind === "addEvent" ? "withdrew" : "noted on";
  return `${rule}: ${verb} ${applied} of ${links.length} linked case(s)`;
}
