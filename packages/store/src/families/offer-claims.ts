/**
 * The claim row of an offer group (`OFFERCLAIM#<groupKey> / CLAIM`): the one offer of the group being accepted,
 * written before its case. A decision other than `accepted` checks it in its transaction (`claimCheck`), so a
 * decline or the expiry never wins over an acceptance, and of two siblings only the first claim makes a case.
 */
import { DeleteCommand, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { type Offer, type OfferClaim, type OfferRepository, offerGroupKey } from "@onething/cases";
import { z } from "zod";
import type { TransactItem } from "../commit-rows.ts";
import { StoreBusyError } from "../errors.ts";
import { offerClaimKey } from "../offer-keys.ts";
import { isConditionFailure, parseRow, type StoreTable, translateError } from "../table.ts";

const OfferClaimRowSchema = z.object({ offerId: z.string(), claimedAt: z.string() });

/** The ConditionCheck of a decision of `offer` (not its acceptance): its group is unclaimed or claimed by another. */
export function claimCheck(tableName: string, offer: Pick<Offer, "offerId" | "group">): TransactItem {
  return {
    ConditionCheck: {
      TableName: tableName,
      Key: offerClaimKey(offerGroupKey(offer)),
      ConditionExpression: "attribute_not_exists(pk) OR offerId <> :me",
      ExpressionAttributeValues: { ":me": offer.offerId },
    },
  };
}

export function createOfferClaims(
  table: StoreTable,
): Pick<OfferRepository, "claimOffer" | "getClaim" | "releaseClaim"> {
  const { tableName } = table;
  const read = async (offer: Offer): Promise<OfferClaim | undefined> => {
    const result = await table.client
      .send(
        new GetCommand({
          TableName: tableName,
          Key: offerClaimKey(offerGroupKey(offer)),
          ConsistentRead: true,
        }),
      )
      .catch((error: unknown) => {
        throw translateError("getOfferClaim", error);
      });
    if (!result.Item) return undefined;
    const { offerId, claimedAt } = parseRow(OfferClaimRowSchema, result.Item);
    return { offerId, claimedAt };
  };
  return {
    async claimOffer(offer, at) {
      const groupKey = offerGroupKey(offer);
      const claim: OfferClaim = { offerId: offer.offerId, claimedAt: at.toISOString() };
      // The loop covers the claim being released between our failed put and the read of what blocked it.
      for (let attempt = 0; attempt < 3; attempt++) {
        try {
          await table.client.send(
            new PutCommand({
              TableName: tableName,
              Item: { ...offerClaimKey(groupKey), entity: "offerClaim", groupKey, ...claim },
              ConditionExpression: "attribute_not_exists(pk) OR offerId = :me",
              ExpressionAttributeValues: { ":me": offer.offerId },
            }),
          );
          return claim;
        } catch (error) {
          if (!isConditionFailure(error)) throw translateError("claimOffer", error);
        }
        const held = await read(offer);
        if (held) return held;
      }
      throw new StoreBusyError("contention", "claimOffer", undefined);
    },

    getClaim: read,

    async releaseClaim(offer, claim) {
      try {
        await table.client.send(
          new DeleteCommand({
            TableName: tableName,
            Key: offerClaimKey(offerGroupKey(offer)),
            ConditionExpression: "offerId = :me AND claimedAt = :at",
            ExpressionAttributeValues: { ":me": claim.offerId, ":at": claim.claimedAt },
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw translateError("releaseOfferClaim", error);
      }
    },
  };
}
