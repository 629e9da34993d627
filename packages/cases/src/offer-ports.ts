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
  /** open → `decision.to`, with the counter; false (nothing written) when the offer was no longer open. */
  decide(offer: Offer, decision: OfferDecision): Promise<boolean>;
  /** Open offers whose `expiresAt` ≤ now, soonest first (gsi3 `OFFERS_OPEN`). */
  listExpiredOffers(now: Date, limit: number): Promise<Offer[]>;
}
