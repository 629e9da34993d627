/**
 * Proactive offers (免申即享): a pre-filled draft application of a bundle, addressed to one person, who confirms it
 * (giving the open fields) or declines it. The record and its port; `@onething/store` implements it over the table
 * (`families/offers.ts`), `./in-memory` for the use cases' tests.
 */
import type { Application } from "@onething/domain";
/** One page of a list; `cursor` resumes it. */
export interface OfferPage {
  items: Offer[];
  cursor?: string;
}

export const OFFER_STATES = ["open", "accepted", "declined", "expired", "superseded"] as const;
export type OfferState = (typeof OFFER_STATES)[number];

/** Where an offer's notice stands (the app's inbox today; issue 16 adds SMS and push). */
export interface OfferNotice {
  channel: "inbox";
  state: "pending" | "delivered";
  deliveredAt?: string;
}

export interface Offer {
  offerId: string;
  bundleId: string;
  bundleVersion: number;
  /** The keyed hash of the addressee's ID number (the applicant index's): the only identity key. */
  addresseeHash: string;
  /** The pre-filled fields (PII like an application: never logged). */
  draft: Application;
  /** Required fields (given the draft) the person must give: `applicant.phone`, … */
  openFields: string[];
  state: OfferState;
  madeAt: string;
  expiresAt: string;
  /** When the event behind it happened (the data event's receipt, or the case item's completion). */
  occurredAt: string;
  /** `rule:<rule id>.v<n>` or `case:<caseId>` */
  madeBy: string;
  source?: { source: string; sourceEventId: string; eventType: string };
  /** The jurisdiction code where it counts: the draft's case place, else the tree's default place. */
  place: string;
  /** Sibling offers (the other parent's): accepting one supersedes them. */
  group?: string[];
  notice: OfferNotice;
  openedAt?: string;
  decidedAt?: string;
  caseId?: string;
  declineReason?: string;
}

/** An offer to make: the addressee's ID number instead of its hash (the store holds the key). */
export type NewOffer = Omit<Offer, "addresseeHash" | "state" | "notice"> & { addressee: string };

/** What a decision writes with the state change. */
export interface OfferDecision {
  to: Exclude<OfferState, "open">;
  at: Date;
  caseId?: string;
  declineReason?: string;
  /** accepted: from the offer's `occurredAt` to the case's submission (the funnel's event→case time). */
  toCaseMs?: number;
}

/**
 * The claim of an offer group (the offer and its siblings) by the one offer being accepted, written before its case:
 * one group, one case. Keyed by `offerGroupKey`.
 */
export interface OfferClaim {
  offerId: string;
  claimedAt: string;
}

/** The key all offers of a group share: the smallest id among the offer and its siblings. */
export function offerGroupKey(offer: Pick<Offer, "offerId" | "group">): string {
  return [offer.offerId, ...(offer.group ?? [])].sort()[0] ?? offer.offerId;
}

export interface OfferRepository {
  /** Puts the offer, its notice and its `made` counter if it does not exist; "exists" changes nothing. */
  makeOffer(offer: NewOffer): Promise<"made" | "exists">;
  getOffer(offerId: string): Promise<Offer | undefined>;
  /** A person's offers, newest first (gsi4 `OFFERS#<hash>`). */
  listOffersOf(idNumber: string, page: { limit: number; cursor?: string }): Promise<OfferPage>;
  /** The addressee's hash, to compare with an offer's. */
  addresseeHashOf(idNumber: string): string;
  /** Pending inbox notice → delivered (with the counter); false if it was not pending. */
  markNoticeDelivered(offer: Offer, at: Date): Promise<boolean>;
  /** First read by the addressee (with the counter); false if it was opened before. */
  markOpened(offer: Offer, at: Date): Promise<boolean>;
  /**
   * open → `decision.to`, with the counter; false (nothing written) when the offer was no longer open, or (any
   * decision but `accepted`) when its group's claim names this offer.
   */
  decide(offer: Offer, decision: OfferDecision): Promise<boolean>;
  /** Open offers whose `expiresAt` ≤ now, soonest first (gsi3 `OFFERS_OPEN`). */
  listExpiredOffers(now: Date, limit: number): Promise<Offer[]>;
  /**
   * Claims the offer's group for it if unclaimed (or already claimed by it): the claim that stands, which names
   * another offer when a sibling was claimed first.
   */
  claimOffer(offer: Offer, at: Date): Promise<OfferClaim>;
  /** The group's claim, if any. */
  getClaim(offer: Offer): Promise<OfferClaim | undefined>;
  /** Deletes the group's claim if it is still `claim`; false otherwise. */
  releaseClaim(offer: Offer, claim: OfferClaim): Promise<boolean>;
}
