/**
 * A rule's `offer` action (免申即享): no offer while one of the `unlessOpen` persons is the applicant of an open case
 * of those bundles (the open case continues instead); otherwise the offer, once — its id is derived from the
 * source, the event, the rule and the action, so a replayed event finds it made and changes nothing.
 */
import { OPEN_CASE_STATUSES, type PlannedAction } from "@onething/domain";
import type { DataEventContext } from "./data-event-rules.ts";
import type { IngestDeps } from "./ingest-event.ts";
import { addDays, newOffer, offerIdFor } from "./offer-make.ts";
import type { DataEventOutcome } from "./registry-ports.ts";

type OfferAction = Extract<PlannedAction, { kind: "offer" }>;

/** The offer id a rule's action makes for an event. */
export const ruleOfferId = (ctx: DataEventContext, action: Pick<PlannedAction, "ruleId" | "index">) =>
  offerIdFor(
    `event:${ctx.source}:${ctx.event.sourceEventId}:${action.ruleId}:${action.index}`,
    ctx.receivedAt,
  );

/** An open case of `bundles` with one of the persons as applicant, if any. */
async function openCaseOf(
  deps: IngestDeps,
  unlessOpen: NonNullable<OfferAction["unlessOpen"]>,
): Promise<{ caseId: string; bundleId: string } | undefined> {
  for (const idNumber of unlessOpen.idNumbers) {
    const links = (await deps.subjectCases(idNumber)).filter(
      (link) => link.role === "applicant" && unlessOpen.bundles.includes(link.bundleId),
    );
    for (const link of links) {
      const stored = await deps.cases.getCase(link.caseId);
      if (stored && (OPEN_CASE_STATUSES as readonly string[]).includes(stored.state.status))
        return { caseId: link.caseId, bundleId: link.bundleId };
    }
  }
  return undefined;
}

export async function makeRuleOffer(
  deps: IngestDeps,
  ctx: DataEventContext,
  action: OfferAction,
  planned: readonly PlannedAction[],
  outcome: DataEventOutcome,
  now: Date,
): Promise<string> {
  const rule = `${action.ruleId}.v${action.ruleVersion}`;
  if (action.unlessOpen) {
    const open = await openCaseOf(deps, action.unlessOpen);
    if (open) return `${rule}: no offer (${open.bundleId} already open as ${open.caseId})`;
  }
  const offerId = ruleOfferId(ctx, action);
  const group = action.group
    ? planned
        .filter(
          (other) =>
            other.kind === "offer" &&
            other.ruleId === action.ruleId &&
            other.group === action.group &&
            other.index !== action.index,
        )
        .map((other) => ruleOfferId(ctx, other))
    : [];
  const occurred = new Date(ctx.event.occurredAt);
  const made = await deps.offers.makeOffer(
    newOffer(deps.catalogue, {
      offerId,
      bundleId: action.bundleId,
      addressee: action.addressee,
      draft: action.draft,
      madeAt: now,
      expiresAt: addDays(now, action.expiresAfterDays),
      occurredAt: Number.isNaN(occurred.getTime()) ? ctx.receivedAt.toISOString() : occurred.toISOString(),
      madeBy: `rule:${rule}`,
      source: { source: ctx.source, sourceEventId: ctx.event.sourceEventId, eventType: ctx.event.type },
      ...(action.place ? { place: action.place } : {}),
      group,
    }),
  );
  outcome.offers = [...(outcome.offers ?? []), offerId];
  return `${rule}: ${made === "made" ? "offered" : "already offered"} ${offerId}`;
}
