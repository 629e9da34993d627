import { acceptOffer, declineOffer, getOffer, listMyOffers } from "@onething/cases";
import {
  AcceptOfferResponseSchema,
  DeclineOfferResponseSchema,
  OfferListSchema,
  OfferViewSchema,
} from "@onething/contracts";
import { RefusalError } from "@onething/domain";
import { InvalidCursorError } from "@onething/store";
import { json } from "../http.ts";
import type { RouteHandlers } from "./types.ts";

/** A citizen's offers (免申即享): only the addressee sees one (anyone else: 404 `unknown_offer`). */
export const offerRoutes: Pick<RouteHandlers, "listOffers" | "getOffer" | "acceptOffer" | "declineOffer"> = {
  listOffers: async ({ principal, query }, deps) => {
    try {
      const page = await listMyOffers(
        deps,
        principal,
        { limit: query.limit, ...(query.cursor ? { cursor: query.cursor } : {}) },
        deps.clock(),
      );
      return json(200, OfferListSchema.parse(page));
    } catch (error) {
      if (error instanceof InvalidCursorError)
        throw new RefusalError("invalid", "validation_failed", "invalid query", [
          { path: "query.cursor", message: error.message, code: "invalid_cursor" },
        ]);
      throw error;
    }
  },

  getOffer: async ({ principal, params }, deps) =>
    json(200, OfferViewSchema.parse(await getOffer(deps, principal, params.offerId, deps.clock()))),

  acceptOffer: async ({ principal, params, body }, deps) => {
    const result = await acceptOffer(deps, principal, params.offerId, body, deps.clock());
    return json(result.status, AcceptOfferResponseSchema.parse(result.body));
  },

  declineOffer: async ({ principal, params, body }, deps) =>
    json(
      200,
      DeclineOfferResponseSchema.parse(
        await declineOffer(deps, principal, params.offerId, body, deps.clock()),
      ),
    ),
};
