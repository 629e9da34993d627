import { createHash } from "node:crypto";
import {
  type Offer,
  type OfferClaim,
  type OfferDecision,
  type OfferRepository,
  offerGroupKey,
} from "../offer-ports.ts";

export interface InMemoryOffers extends OfferRepository {
  /** Every funnel change counted, in order: `<metric> <bundle>#<place>`. */
  readonly counted: string[];
}

/**
 * Offers in memory, with the store's contract: made only if absent, each change only from the state it expects
 * (`false` otherwise, counting nothing), the inbox newest first, one claim per offer group (a decision other than
 * `accepted` refused while its own offer holds it). The addressee's hash is a plain SHA-256 here.
 */
export function createInMemoryOffers(): InMemoryOffers {
  const offers = new Map<string, Offer>();
  const claims = new Map<string, OfferClaim>();
  const claimedBy = (offer: Offer) => claims.get(offerGroupKey(offer))?.offerId === offer.offerId;
  const counted: string[] = [];
  const hash = (idNumber: string) => createHash("sha256").update(idNumber).digest("base64url");
  const count = (offer: Offer, metric: string) => counted.push(`${metric} ${offer.bundleId}#${offer.place}`);
  const current = (offer: Offer) => offers.get(offer.offerId);
  return {
    counted,
    addresseeHashOf: hash,
    async makeOffer({ addressee, ...fields }) {
      if (offers.has(fields.offerId)) return "exists";
      const offer: Offer = {
        ...structuredClone(fields),
        addresseeHash: hash(addressee),
        state: "open",
        notice: { channel: "inbox", state: "pending" },
      };
      offers.set(offer.offerId, offer);
      count(offer, "made");
      return "made";
    },
    async getOffer(offerId) {
      const found = offers.get(offerId);
      return found && structuredClone(found);
    },
    async listOffersOf(idNumber, { limit }) {
      const mine = [...offers.values()]
        .filter((o) => o.addresseeHash === hash(idNumber))
        .sort((a, b) => b.madeAt.localeCompare(a.madeAt));
      return { items: structuredClone(mine.slice(0, limit)) };
    },
    async markNoticeDelivered(offer, at) {
      const stored = current(offer);
      if (stored?.notice.state !== "pending") return false;
      stored.notice = { channel: "inbox", state: "delivered", deliveredAt: at.toISOString() };
      count(stored, "delivered");
      return true;
    },
    async markOpened(offer, at) {
      const stored = current(offer);
      if (!stored || stored.openedAt) return false;
      stored.openedAt = at.toISOString();
      count(stored, "opened");
      return true;
    },
    async decide(offer, decision: OfferDecision) {
      const stored = current(offer);
      if (stored?.state !== "open") return false;
      if (decision.to !== "accepted" && claimedBy(stored)) return false;
      stored.state = decision.to;
      stored.decidedAt = decision.at.toISOString();
      if (decision.caseId) stored.caseId = decision.caseId;
      if (decision.declineReason) stored.declineReason = decision.declineReason;
      count(stored, decision.to);
      return true;
    },
    async listExpiredOffers(now, limit) {
      return [...offers.values()]
        .filter((o) => o.state === "open" && o.expiresAt <= now.toISOString())
        .sort((a, b) => a.expiresAt.localeCompare(b.expiresAt))
        .slice(0, limit);
    },
    async claimOffer(offer, at) {
      const key = offerGroupKey(offer);
      const held = claims.get(key);
      if (held && held.offerId !== offer.offerId) return { ...held };
      const claim = { offerId: offer.offerId, claimedAt: at.toISOString() };
      claims.set(key, claim);
      return { ...claim };
    },
    async getClaim(offer) {
      const held = claims.get(offerGroupKey(offer));
      return held && { ...held };
    },
    async releaseClaim(offer, claim) {
      const key = offerGroupKey(offer);
      const held = claims.get(key);
      if (held?.offerId !== claim.offerId || held.claimedAt !== claim.claimedAt) return false;
      claims.delete(key);
      return true;
    },
  };
}
