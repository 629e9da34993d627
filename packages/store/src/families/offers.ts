/**
 * Offers (免申即享): the offer row, its inbox notice, the inbox (gsi4), the expiry list (gsi3 `OFFERS_OPEN`) and
 * the funnel's counters. Every state change is one transaction: the offer's conditional update (the state it
 * expects) and the counter's ADD, so a replay or a race changes nothing and counts nothing; a decision other than
 * `accepted` also checks the group's claim (`offer-claims.ts`).
 */
import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { GetCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import type { Offer, OfferDecision, OfferRepository } from "@onething/cases";
import type { TransactItem } from "../commit-rows.ts";
import { StoreBusyError } from "../errors.ts";
import {
  OFFER_COUNTER_PARTITION,
  OPEN_OFFERS_PARTITION,
  offerInboxPartition,
  offerKey,
  offerNoticeKey,
} from "../offer-keys.ts";
import {
  newOfferRows,
  OFFER_METRICS,
  OFFER_NOTICE_CHANNEL,
  type OfferCounterDelta,
  OfferCounterRowSchema,
  type OfferMetric,
  OfferRowSchema,
  offerCounterUpdates,
  offerFromRow,
} from "../offer-rows.ts";
import {
  backoffMs,
  indexPage,
  parseRow,
  queryAll,
  type StoreTable,
  sleep,
  translateTransactionError,
} from "../table.ts";
import { claimCheck, createOfferClaims } from "./offer-claims.ts";

const OFFER_CONFLICT_RETRIES = 2;

/** A bundle's funnel at one place, as the counters hold it. */
export interface OfferCounterRow {
  bundleId: string;
  place: string;
  funnel: Record<OfferMetric, number>;
  toCaseMsSum: number;
  toCaseCount: number;
  /** The event→case histogram (`durationBucket` of seconds). */
  buckets: { bucket: number; count: number }[];
}

export interface OfferStore extends OfferRepository {
  /** Every funnel row (one partition: bundles × places), with its histogram. */
  getOfferCounters(): Promise<OfferCounterRow[]>;
}

/**
 * Sends a transaction; false when a condition failed (nothing written): the offer's state, or its group's claim. A conflict on the shared
 * counter row is retried twice, briefly, like a case commit's.
 */
async function transactGuarded(
  table: StoreTable,
  operation: string,
  items: TransactItem[],
): Promise<boolean> {
  for (let attempt = 0; ; attempt++) {
    try {
      await table.client.send(new TransactWriteCommand({ TransactItems: items }));
      return true;
    } catch (error) {
      if (
        error instanceof TransactionCanceledException &&
        error.CancellationReasons?.some((reason) => reason.Code === "ConditionalCheckFailed")
      )
        return false;
      const mapped = translateTransactionError(operation, error);
      const contention = mapped instanceof StoreBusyError && mapped.reason === "contention";
      if (!contention || attempt >= OFFER_CONFLICT_RETRIES) throw mapped;
      await sleep(backoffMs(attempt + 1));
    }
  }
}

export function createOfferFamily(
  table: StoreTable,
  applicantHash: (identity: string) => string,
): OfferStore {
  const { tableName } = table;
  const transact = (operation: string, items: TransactItem[]) => transactGuarded(table, operation, items);
  const counted = (offer: Offer, metric: OfferMetric, toCaseMs?: number): OfferCounterDelta => ({
    bundleId: offer.bundleId,
    place: offer.place,
    metric,
    ...(toCaseMs === undefined ? {} : { toCaseMs }),
  });
  const update = (
    Key: Record<string, string>,
    expression: string,
    condition: string,
    names: Record<string, string>,
    values: Record<string, unknown>,
  ): TransactItem => ({
    Update: {
      TableName: tableName,
      Key,
      UpdateExpression: expression,
      ConditionExpression: condition,
      ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
      ExpressionAttributeValues: values,
    },
  });

  return {
    addresseeHashOf: applicantHash,

    async makeOffer(offer) {
      const rows = newOfferRows(tableName, offer, applicantHash(offer.addressee));
      const counters = offerCounterUpdates(tableName, [
        { bundleId: offer.bundleId, place: offer.place, metric: "made" },
      ]);
      return (await transact("makeOffer", [...rows, ...counters])) ? "made" : "exists";
    },

    async getOffer(offerId) {
      const result = await table.client
        .send(new GetCommand({ TableName: tableName, Key: offerKey(offerId), ConsistentRead: true }))
        .catch((error: unknown) => {
          throw translateTransactionError("getOffer", error);
        });
      return result.Item ? offerFromRow(parseRow(OfferRowSchema, result.Item)) : undefined;
    },

    async listOffersOf(idNumber, request) {
      const page = await indexPage(
        table,
        "listOffersOf",
        "gsi4",
        offerInboxPartition(applicantHash(idNumber)),
        request,
        { newestFirst: true },
      );
      const items = page.rows.map((row) => offerFromRow(parseRow(OfferRowSchema, row)));
      return page.cursor ? { items, cursor: page.cursor } : { items };
    },

    async markNoticeDelivered(offer, at) {
      const when = at.toISOString();
      return transact("markNoticeDelivered", [
        update(
          offerNoticeKey(offer.offerId, OFFER_NOTICE_CHANNEL),
          "SET #state = :delivered, deliveredAt = :at",
          "#state = :pending",
          { "#state": "state" },
          { ":delivered": "delivered", ":pending": "pending", ":at": when },
        ),
        update(
          offerKey(offer.offerId),
          "SET noticeState = :delivered, deliveredAt = :at",
          "attribute_exists(pk)",
          {},
          { ":delivered": "delivered", ":at": when },
        ),
        ...offerCounterUpdates(tableName, [counted(offer, "delivered")]),
      ]);
    },

    async markOpened(offer, at) {
      return transact("markOpened", [
        update(
          offerKey(offer.offerId),
          "SET openedAt = :at",
          "attribute_exists(pk) AND attribute_not_exists(openedAt)",
          {},
          { ":at": at.toISOString() },
        ),
        ...offerCounterUpdates(tableName, [counted(offer, "opened")]),
      ]);
    },

    async decide(offer, decision: OfferDecision) {
      const sets = ["#state = :to", "decidedAt = :at"];
      const values: Record<string, unknown> = {
        ":to": decision.to,
        ":open": "open",
        ":at": decision.at.toISOString(),
      };
      if (decision.caseId) {
        sets.push("caseId = :caseId");
        values[":caseId"] = decision.caseId;
      }
      if (decision.declineReason) {
        sets.push("declineReason = :reason");
        values[":reason"] = decision.declineReason;
      }
      return transact("decideOffer", [
        update(
          offerKey(offer.offerId),
          `SET ${sets.join(", ")} REMOVE gsi3pk, gsi3sk`,
          "#state = :open",
          { "#state": "state" },
          values,
        ),
        ...(decision.to === "accepted" ? [] : [claimCheck(tableName, offer)]),
        ...offerCounterUpdates(tableName, [counted(offer, decision.to, decision.toCaseMs)]),
      ]);
    },

    async listExpiredOffers(now, limit) {
      const page = await indexPage(
        table,
        "listExpiredOffers",
        "gsi3",
        OPEN_OFFERS_PARTITION,
        { limit },
        // `<expiresAt>#<id>` up to and including now.
        { newestFirst: false, sortBefore: `${now.toISOString()}#~` },
      );
      return page.rows.map((row) => offerFromRow(parseRow(OfferRowSchema, row)));
    },

    ...createOfferClaims(table),

    getOfferCounters: () => readOfferCounters(table),
  };
}

/** The funnel rows and their histograms, summed per bundle and place. */
async function readOfferCounters(table: StoreTable): Promise<OfferCounterRow[]> {
  const rows = await queryAll(table, "getOfferCounters", {
    KeyConditionExpression: "pk = :pk",
    ExpressionAttributeValues: { ":pk": OFFER_COUNTER_PARTITION },
  });
  const byKey = new Map<string, OfferCounterRow>();
  const entry = (bundleId: string, place: string) => {
    const key = `${bundleId}#${place}`;
    let found = byKey.get(key);
    if (!found) {
      const funnel = Object.fromEntries(OFFER_METRICS.map((m) => [m, 0])) as Record<OfferMetric, number>;
      found = { bundleId, place, funnel, toCaseMsSum: 0, toCaseCount: 0, buckets: [] };
      byKey.set(key, found);
    }
    return found;
  };
  for (const raw of rows) {
    const row = parseRow(OfferCounterRowSchema, raw);
    const target = entry(row.bundleId, row.place);
    if (row.family === "offerToCase") {
      if (row.bucket !== undefined) target.buckets.push({ bucket: row.bucket, count: row.count ?? 0 });
      continue;
    }
    for (const metric of OFFER_METRICS) target.funnel[metric] += row[metric] ?? 0;
    target.toCaseMsSum += row.toCaseMsSum ?? 0;
    target.toCaseCount += row.toCaseCount ?? 0;
  }
  return [...byKey.values()];
}
