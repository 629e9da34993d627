/**
 * The offer family's rows, pure: the offer row (gsi4 inbox entry; gsi3 `OFFERS_OPEN` while open), its inbox
 * notice, and the funnel's counter updates. `families/offers.ts` writes them on their own; a case commit writes the
 * same rows for its `MakeOffer` commands inside its own transaction (`planCommit`).
 */
import { type CommitInput, type NewOffer, type Offer, type OfferState, offerNotice } from "@onething/cases";
import { z } from "zod";
import type { TransactItem } from "./commit-rows.ts";
import { durationBucket } from "./counters.ts";
import { InvalidStoreRequestError } from "./errors.ts";
import { newNoticeRow } from "./notice-rows.ts";
import {
  OPEN_OFFERS_PARTITION,
  offerCounterKey,
  offerHistogramKey,
  offerInboxPartition,
  offerInboxSort,
  offerKey,
  offerNoticeKey,
  openOfferSort,
} from "./offer-keys.ts";

/** The funnel's counters of one bundle at one place. */
export const OFFER_METRICS = [
  "made",
  "delivered",
  "opened",
  "accepted",
  "declined",
  "expired",
  "superseded",
] as const;
export type OfferMetric = (typeof OFFER_METRICS)[number];

export const OFFER_NOTICE_CHANNEL = "inbox";

/** The offer row and its notice row for a new offer (put only if absent). */
export function newOfferRows(tableName: string, offer: NewOffer, addresseeHash: string): TransactItem[] {
  const { addressee: _identity, ...fields } = offer;
  const item: Record<string, unknown> = {
    ...offerKey(offer.offerId),
    entity: "offer",
    ...fields,
    addresseeHash,
    state: "open" satisfies OfferState,
    noticeState: "pending",
    gsi4pk: offerInboxPartition(addresseeHash),
    gsi4sk: offerInboxSort(offer.madeAt, offer.offerId),
    gsi3pk: OPEN_OFFERS_PARTITION,
    gsi3sk: openOfferSort(offer.expiresAt, offer.offerId),
  };
  const notice = {
    ...offerNoticeKey(offer.offerId, OFFER_NOTICE_CHANNEL),
    entity: "offerNotice",
    offerId: offer.offerId,
    channel: OFFER_NOTICE_CHANNEL,
    state: "pending",
    createdAt: offer.madeAt,
  };
  const absent = "attribute_not_exists(pk)";
  const phone = offer.draft.applicant.phone;
  return [
    { Put: { TableName: tableName, Item: item, ConditionExpression: absent } },
    { Put: { TableName: tableName, Item: notice, ConditionExpression: absent } },
    // Issue 16: the offer's notice on every channel (SMS when the draft holds a phone), delivered like a case's.
    newNoticeRow(
      tableName,
      offerNotice(offer, undefined, typeof phone === "string" && phone ? phone : undefined),
      addresseeHash,
    ),
  ];
}

/**
 * The rows of a commit's offers (its `MakeOffer` commands) and their `made` counters. Unconditional: the commit's
 * processed-event marker already makes it once, and an offer's id derives from its case, item and attempt.
 */
export function commitOfferRows(
  tableName: string,
  input: Pick<CommitInput, "offers">,
  applicantHash: ((identity: string) => string) | undefined,
): TransactItem[] {
  const offers = input.offers ?? [];
  if (offers.length === 0) return [];
  if (!applicantHash)
    throw new InvalidStoreRequestError("a commit that makes offers needs the applicant index key");
  const rows = offers.flatMap((offer) =>
    newOfferRows(tableName, offer, applicantHash(offer.addressee)).map((row) => {
      const { ConditionExpression: _absent, ...put } = row.Put ?? { TableName: tableName, Item: {} };
      return { Put: put };
    }),
  );
  const made = offers.map((o) => ({ bundleId: o.bundleId, place: o.place, metric: "made" as const }));
  return [...rows, ...offerCounterUpdates(tableName, made)];
}

/** One funnel change of one bundle at one place. */
export interface OfferCounterDelta {
  bundleId: string;
  place: string;
  metric: OfferMetric;
  /** An acceptance: the time from the event to the case. */
  toCaseMs?: number;
}

/**
 * The counter updates of some funnel changes, merged per row (a transaction may touch a row once): ADD on
 * `COUNTER#OFFERS / <bundle>#<place>`, and for an acceptance its histogram bucket.
 */
export function offerCounterUpdates(tableName: string, deltas: readonly OfferCounterDelta[]): TransactItem[] {
  const rows = new Map<string, { bundleId: string; place: string; adds: Map<string, number> }>();
  const buckets = new Map<string, { bundleId: string; place: string; bucket: number; count: number }>();
  for (const d of deltas) {
    const key = `${d.bundleId}#${d.place}`;
    const row = rows.get(key) ?? { bundleId: d.bundleId, place: d.place, adds: new Map() };
    rows.set(key, row);
    row.adds.set(d.metric, (row.adds.get(d.metric) ?? 0) + 1);
    if (d.toCaseMs !== undefined) {
      row.adds.set("toCaseMsSum", (row.adds.get("toCaseMsSum") ?? 0) + Math.max(0, d.toCaseMs));
      row.adds.set("toCaseCount", (row.adds.get("toCaseCount") ?? 0) + 1);
      const bucket = durationBucket(Math.max(0, d.toCaseMs) / 1000);
      const b = buckets.get(`${key}#${bucket}`) ?? { bundleId: d.bundleId, place: d.place, bucket, count: 0 };
      b.count++;
      buckets.set(`${key}#${bucket}`, b);
    }
  }
  const update = (Key: Record<string, string>, labels: Record<string, unknown>, adds: [string, number][]) => {
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    const sets: string[] = [];
    for (const [i, [name, value]] of Object.entries(labels).entries()) {
      names[`#l${i}`] = name;
      values[`:l${i}`] = value;
      sets.push(`#l${i} = :l${i}`);
    }
    const addParts = adds.map(([name, value], i) => {
      names[`#a${i}`] = name;
      values[`:a${i}`] = value;
      return `#a${i} :a${i}`;
    });
    return {
      Update: {
        TableName: tableName,
        Key,
        UpdateExpression: `SET ${sets.join(", ")} ADD ${addParts.join(", ")}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    } satisfies TransactItem;
  };
  return [
    ...[...rows.values()].map((r) =>
      update(
        offerCounterKey(r.bundleId, r.place),
        { entity: "counter", family: "offers", bundleId: r.bundleId, place: r.place },
        [...r.adds.entries()],
      ),
    ),
    ...[...buckets.values()].map((b) =>
      update(
        offerHistogramKey(b.bundleId, b.place, b.bucket),
        { entity: "counter", family: "offerToCase", bundleId: b.bundleId, place: b.place, bucket: b.bucket },
        [["count", b.count]],
      ),
    ),
  ];
}

const Iso = z.string();
/** The offer row as read (`OFFER#<id> / OFFER`). */
export const OfferRowSchema = z.object({
  offerId: z.string(),
  bundleId: z.string(),
  bundleVersion: z.number().int(),
  addresseeHash: z.string(),
  draft: z.object({
    applicant: z.record(z.string(), z.unknown()),
    subject: z.record(z.string(), z.unknown()).optional(),
    answers: z.record(z.string(), z.unknown()),
  }),
  openFields: z.array(z.string()),
  state: z.enum(["open", "accepted", "declined", "expired", "superseded"]),
  madeAt: Iso,
  expiresAt: Iso,
  occurredAt: Iso,
  madeBy: z.string(),
  source: z.object({ source: z.string(), sourceEventId: z.string(), eventType: z.string() }).optional(),
  place: z.string(),
  group: z.array(z.string()).optional(),
  noticeState: z.enum(["pending", "delivered"]),
  deliveredAt: Iso.optional(),
  openedAt: Iso.optional(),
  decidedAt: Iso.optional(),
  caseId: z.string().optional(),
  declineReason: z.string().optional(),
});

export function offerFromRow(row: z.infer<typeof OfferRowSchema>): Offer {
  const { noticeState, deliveredAt, ...rest } = row;
  const offer: Offer = {
    ...rest,
    notice: { channel: "inbox", state: noticeState, ...(deliveredAt ? { deliveredAt } : {}) },
  } as Offer;
  return offer;
}

/** A counter row of `COUNTER#OFFERS`: the funnel's, or a histogram bucket's. */
export const OfferCounterRowSchema = z.object({
  family: z.enum(["offers", "offerToCase"]),
  bundleId: z.string(),
  place: z.string(),
  bucket: z.number().int().optional(),
  count: z.number().optional(),
  made: z.number().optional(),
  delivered: z.number().optional(),
  opened: z.number().optional(),
  accepted: z.number().optional(),
  declined: z.number().optional(),
  expired: z.number().optional(),
  superseded: z.number().optional(),
  toCaseMsSum: z.number().optional(),
  toCaseCount: z.number().optional(),
});
