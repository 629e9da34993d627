/**
 * A citizen's offers (免申即享): the inbox, one offer, declining it; and the sweeper's expiry. Only the addressee
 * ever sees an offer: anyone else, whatever their role, gets 404 `unknown_offer`, as for an offer that does not
 * exist. Accepting is `offer-accept.ts`.
 */
import type { Principal } from "@onething/auth";
import type { OfferSummary, OfferView } from "@onething/contracts";
import type { Catalogue } from "@onething/domain";
import { RequestRefusedError } from "./errors.ts";
import { offerCaseId } from "./offer-make.ts";
import type { Offer, OfferRepository, OfferState } from "./offer-ports.ts";
import type { CaseLogger, CaseRepository } from "./ports.ts";

export interface OfferDeps {
  offers: OfferRepository;
  catalogue: Catalogue;
  cases: CaseRepository;
  log: CaseLogger;
}

export const unknownOffer = (offerId: string) =>
  new RequestRefusedError("not_found", "unknown_offer", `no offer ${offerId} addressed to you`);

/** The offer, if the caller is its addressee; 404 `unknown_offer` otherwise (whoever asks). */
export async function addressedOffer(
  deps: Pick<OfferDeps, "offers">,
  principal: Principal,
  offerId: string,
): Promise<Offer> {
  const offer = await deps.offers.getOffer(offerId);
  if (
    !offer ||
    principal.role !== "citizen" ||
    deps.offers.addresseeHashOf(principal.idNumber) !== offer.addresseeHash
  )
    throw unknownOffer(offerId);
  return offer;
}

/** 409 for an offer no longer open, by the state it is in. */
export function notOpen(offer: Offer): RequestRefusedError {
  const state = offer.state as Exclude<OfferState, "open">;
  return new RequestRefusedError("conflict", `offer_${state}`, `offer ${offer.offerId} is ${state}`);
}

export function offerSummary(catalogue: Catalogue, offer: Offer): OfferSummary {
  const bundle = catalogue.has(offer.bundleId) ? catalogue.bundle(offer.bundleId) : undefined;
  return {
    offerId: offer.offerId,
    bundleId: offer.bundleId,
    bundleVersion: offer.bundleVersion,
    bundleName: bundle?.name ?? { zh: offer.bundleId, en: offer.bundleId },
    state: offer.state,
    madeAt: offer.madeAt,
    expiresAt: offer.expiresAt,
    openFields: offer.openFields,
    madeBy: offer.madeBy,
    ...(offer.caseId ? { caseId: offer.caseId } : {}),
    ...(offer.source ? { eventType: offer.source.eventType } : {}),
  };
}

/** A funnel mark (delivered, opened) of a read: its failure is logged (the offer id only), never the read's. */
async function counting(
  deps: Pick<OfferDeps, "log">,
  offer: Offer,
  mark: () => Promise<boolean>,
): Promise<void> {
  try {
    await mark();
  } catch (error) {
    deps.log.warn("offer funnel mark failed", {
      offerId: offer.offerId,
      error: error instanceof Error ? error.name : "unknown",
    });
  }
}

/** GET /v1/offers: the caller's offers, newest first; the inbox fetched them, so the open ones' notices are delivered. */
export async function listMyOffers(
  deps: OfferDeps,
  principal: Principal,
  page: { limit: number; cursor?: string },
  now: Date,
): Promise<{ offers: OfferSummary[]; cursor?: string }> {
  if (principal.role !== "citizen")
    throw new RequestRefusedError("not_found", "unknown_offer", "offers are addressed to citizens");
  const found = await deps.offers.listOffersOf(principal.idNumber, page);
  for (const offer of found.items)
    if (offer.state === "open" && offer.notice.state === "pending")
      await counting(deps, offer, () => deps.offers.markNoticeDelivered(offer, now));
  return {
    offers: found.items.map((offer) => offerSummary(deps.catalogue, offer)),
    ...(found.cursor ? { cursor: found.cursor } : {}),
  };
}

/** GET /v1/offers/{offerId}: the addressee's first read of an open offer marks it opened. */
export async function getOffer(
  deps: OfferDeps,
  principal: Principal,
  offerId: string,
  now: Date,
): Promise<OfferView> {
  const offer = await addressedOffer(deps, principal, offerId);
  if (offer.state === "open") {
    if (offer.notice.state === "pending")
      await counting(deps, offer, () => deps.offers.markNoticeDelivered(offer, now));
    if (!offer.openedAt) await counting(deps, offer, () => deps.offers.markOpened(offer, now));
  }
  return { ...offerSummary(deps.catalogue, offer), draft: offer.draft };
}

/** What the expiry needs: the offers' list and state change, and the cases (for an acceptance cut short). */
export interface ExpiryDeps {
  offers: Pick<OfferRepository, "listExpiredOffers" | "decide" | "getOffer" | "getClaim" | "releaseClaim">;
  cases: Pick<CaseRepository, "getCase">;
  log: CaseLogger;
}

/**
 * An open offer whose case exists was accepted by a call that stopped before marking it (a crash, a lost race):
 * mark it accepted now. True if so.
 */
export async function repairAccepted(
  deps: Pick<ExpiryDeps, "offers" | "cases">,
  offer: Offer,
  now: Date,
): Promise<boolean> {
  const caseId = offerCaseId(offer.offerId, offer.madeAt);
  const stored = await deps.cases.getCase(caseId);
  if (!stored) return false;
  const toCaseMs = Date.parse(stored.state.submittedAt) - Date.parse(offer.occurredAt);
  await deps.offers.decide(offer, { to: "accepted", at: now, caseId, toCaseMs });
  await supersedeSiblings(deps, offer, now);
  return true;
}

/** The open offers of the accepted one's group (the other parent's) are superseded. */
export async function supersedeSiblings(
  deps: { offers: Pick<OfferRepository, "getOffer" | "decide"> },
  offer: Offer,
  now: Date,
): Promise<void> {
  for (const sibling of offer.group ?? []) {
    const other = await deps.offers.getOffer(sibling);
    if (other?.state === "open") await deps.offers.decide(other, { to: "superseded", at: now });
  }
}

/** POST /v1/offers/{offerId}/decline: open → declined; declined again answers the same. */
export async function declineOffer(
  deps: OfferDeps,
  principal: Principal,
  offerId: string,
  body: { reason?: string | undefined },
  now: Date,
): Promise<{ offerId: string; state: "declined" }> {
  const offer = await addressedOffer(deps, principal, offerId);
  if (offer.state === "declined") return { offerId, state: "declined" };
  if (offer.state !== "open") throw notOpen(offer);
  if (await repairAccepted(deps, offer, now)) throw notOpen({ ...offer, state: "accepted" });
  const reason = body.reason?.trim();
  const decided = await deps.offers.decide(offer, {
    to: "declined",
    at: now,
    ...(reason ? { declineReason: reason } : {}),
  });
  if (!decided) {
    const current = await deps.offers.getOffer(offerId);
    // Still open: its claim stands (an acceptance in flight, or cut short after its case): accepted wins.
    if (current?.state === "open") {
      await repairAccepted(deps, current, now);
      throw notOpen({ ...current, state: "accepted" });
    }
    if (current && current.state !== "declined") throw notOpen(current);
  }
  return { offerId, state: "declined" };
}

/** How long a claim without its case stands before the expiry takes it for an acceptance that died. */
export const OFFER_CLAIM_STALE_MS = 3_600_000;

/**
 * An open offer whose own claim is older than an hour and whose case does not exist: the acceptance died before its
 * case, so the claim is deleted. True if so.
 */
async function releaseStaleClaim(deps: ExpiryDeps, offer: Offer, now: Date): Promise<boolean> {
  const claim = await deps.offers.getClaim(offer);
  if (claim?.offerId !== offer.offerId) return false;
  if (now.getTime() - Date.parse(claim.claimedAt) <= OFFER_CLAIM_STALE_MS) return false;
  if (await deps.cases.getCase(offerCaseId(offer.offerId, offer.madeAt))) return false;
  return deps.offers.releaseClaim(offer, claim);
}

/**
 * The sweeper's expiry: open offers past `expiresAt` become expired (an offer whose case exists is marked accepted
 * instead; one claimed by an acceptance is skipped, unless the claim is stale). Returns how many expired.
 */
export async function expireOffers(deps: ExpiryDeps, now: Date, limit: number): Promise<number> {
  let expired = 0;
  for (const offer of await deps.offers.listExpiredOffers(now, limit)) {
    if (offer.state !== "open") continue;
    if (await repairAccepted(deps, offer, now)) continue;
    if (await deps.offers.decide(offer, { to: "expired", at: now })) expired++;
    else if (await releaseStaleClaim(deps, offer, now)) {
      if (await deps.offers.decide(offer, { to: "expired", at: now })) expired++;
    }
  }
  if (expired > 0) deps.log.info("offers expired", { expired });
  return expired;
}
