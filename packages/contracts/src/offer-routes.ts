/** The citizen's offer routes (免申即享): the inbox, one offer, accept, decline. */
import {
  AcceptOfferBodySchema,
  AcceptOfferResponseSchema,
  DeclineOfferBodySchema,
  DeclineOfferResponseSchema,
  OfferIdSchema,
  OfferListQuerySchema,
  OfferListSchema,
  OfferViewSchema,
} from "./offers.ts";
import { error, invalid, type PathParam, type RouteSpec } from "./route-spec.ts";

const offerIdParam: PathParam = {
  schema: OfferIdSchema,
  description: "an offer id",
  unknown: "unknown_offer",
};
const unknownOffer = error("No such offer addressed to the caller (`unknown_offer`)");

export const OFFER_ROUTES = {
  listOffers: {
    id: "listOffers",
    method: "GET",
    path: "/v1/offers",
    summary: "The signed-in citizen's offers (pre-filled applications the platform proposes), newest first",
    tag: "citizen",
    callers: ["citizen"],
    query: OfferListQuerySchema,
    responses: { 200: { description: "A page of offers", schema: OfferListSchema } },
  },
  getOffer: {
    id: "getOffer",
    method: "GET",
    path: "/v1/offers/{offerId}",
    summary: "One offer with its pre-filled draft and the fields left open (only its addressee)",
    tag: "citizen",
    callers: ["citizen"],
    pathParams: { offerId: offerIdParam },
    responses: { 200: { description: "The offer", schema: OfferViewSchema }, 404: unknownOffer },
  },
  acceptOffer: {
    id: "acceptOffer",
    method: "POST",
    path: "/v1/offers/{offerId}/accept",
    summary:
      "Confirm an offer with its open fields: it becomes a case (channel proactive); again: the same case",
    tag: "citizen",
    callers: ["citizen"],
    pathParams: { offerId: offerIdParam },
    body: AcceptOfferBodySchema,
    responses: {
      200: { description: "Accepted before: the same case", schema: AcceptOfferResponseSchema },
      201: { description: "Accepted: the case", schema: AcceptOfferResponseSchema },
      400: invalid(
        "An answer to a field not open (`field_not_open`), an open field missing (`required`), or the form's own codes; each named `answers.<section.name>`",
      ),
      404: unknownOffer,
      409: error(
        "The offer expired, was declined or superseded (`offer_expired`, `offer_declined`, `offer_superseded`), or a case of the bundle is open for the person (`open_case_exists`, its `caseId` in the body)",
      ),
    },
  },
  declineOffer: {
    id: "declineOffer",
    method: "POST",
    path: "/v1/offers/{offerId}/decline",
    summary: "Decline an offer (again: the same answer)",
    tag: "citizen",
    callers: ["citizen"],
    pathParams: { offerId: offerIdParam },
    body: DeclineOfferBodySchema,
    responses: {
      200: { description: "Declined", schema: DeclineOfferResponseSchema },
      404: unknownOffer,
      409: error(
        "The offer was accepted, expired or superseded (`offer_accepted`, `offer_expired`, `offer_superseded`)",
      ),
    },
  },
} as const satisfies Record<string, RouteSpec>;
