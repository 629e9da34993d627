import type { PrimaryKey } from "./keys.ts";

/** The keys of the offers (免申即享): the offer, its notice and claim, the inbox, the expiry list, the funnel. */
const offerPk = (offerId: string) => `OFFER#${offerId}`;
/** The offer row; its inbox notice is `NOTICE#<channel>` beside it. */
export const offerKey = (offerId: string): PrimaryKey => ({ pk: offerPk(offerId), sk: "OFFER" });
export const offerNoticeKey = (id: string, channel: string): PrimaryKey => ({
  pk: offerPk(id),
  sk: `NOTICE#${channel}`,
});
/** The claim of an offer group (`offerGroupKey`: the smallest id of the offer and its siblings) by one offer. */
export const offerClaimKey = (groupKey: string): PrimaryKey => ({
  pk: `OFFERCLAIM#${groupKey}`,
  sk: "CLAIM",
});
/** gsi4: a person's offers (keyed hash of the ID number), newest first by `<madeAt>#<offerId>`. */
export const offerInboxPartition = (addresseeHash: string): string => `OFFERS#${addresseeHash}`;
export const offerInboxSort = (madeAt: string, offerId: string): string => `${madeAt}#${offerId}`;
/** gsi3, while open: the sweeper's expiry list, `<expiresAt>#<offerId>`. */
export const OPEN_OFFERS_PARTITION = "OFFERS_OPEN";
export const openOfferSort = (expiresAt: string, offerId: string): string => `${expiresAt}#${offerId}`;
/** The offer funnel: one row per `<bundleId>#<place>`, and its event→case histogram `<bundleId>#<place>#B<bucket>`. */
export const OFFER_COUNTER_PARTITION = "COUNTER#OFFERS";
const offerCounter = (sk: string): PrimaryKey => ({ pk: OFFER_COUNTER_PARTITION, sk });
export const offerCounterKey = (bundleId: string, place: string) => offerCounter(`${bundleId}#${place}`);
export const offerHistogramKey = (bundleId: string, place: string, bucket: number) =>
  offerCounter(`${bundleId}#${place}#B${String(bucket).padStart(3, "0")}`);
