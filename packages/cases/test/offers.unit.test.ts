// The offer use cases over the in-memory adapters and the real engine: only the addressee, once, and an
// acceptance cut short (the case made, the offer not marked) found again by the next call, a decline or the expiry.
import type { Principal } from "@onething/auth";
import { createInMemoryOffers } from "@onething/cases/in-memory";
import { RefusalError } from "@onething/domain";
import { samplesFor } from "@onething/seeds/samples";
import { describe, expect, it } from "vitest";
import {
  acceptOffer,
  declineOffer,
  expireOffers,
  getOffer,
  listMyOffers,
  newOffer,
  type OfferRepository,
  offerCaseId,
} from "../src/index.ts";
import { catalogue, later, NOW, world } from "./world.ts";

const sample = samplesFor("social-assistance").find((s) => s.id === "sa-migrant-family-emergency");
if (!sample) throw new Error("no sample sa-migrant-family-emergency");
const draft = structuredClone(sample.application) as Parameters<typeof newOffer>[1]["draft"];
const idNumber = String(draft.applicant.idNumber);
const household: Principal = { role: "citizen", subject: "citizen-h", idNumber };
const stranger: Principal = { role: "citizen", subject: "citizen-s", idNumber: "11010519491231002X" };

function setup(options: { wrapOffers?: (offers: OfferRepository) => OfferRepository } = {}) {
  const w = world();
  const offers = createInMemoryOffers();
  const deps = { ...w.deps, offers: options.wrapOffers ? options.wrapOffers(offers) : offers };
  const make = async (offerId: string, group: string[] = []) => {
    await offers.makeOffer(
      newOffer(catalogue, {
        offerId,
        bundleId: "social-assistance",
        addressee: idNumber,
        draft,
        madeAt: NOW,
        expiresAt: later(30),
        occurredAt: new Date(NOW.getTime() - 3_600_000).toISOString(),
        madeBy: "case:OT-OUTREACH",
        group,
      }),
    );
    return offerId;
  };
  return { w, offers, deps, make };
}
const refusal = async (p: Promise<unknown>) => {
  const error = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof RefusalError)) throw new Error(`expected a refusal, got ${String(error)}`);
  return { kind: error.kind, code: error.code };
};

describe("offers", () => {
  it("only the addressee sees one: anyone else gets 404 unknown_offer, and nothing is counted", async () => {
    const { deps, offers, make } = setup();
    const id = await make("OF-20260302-AAAAAAAAAA");
    expect(await refusal(getOffer(deps, stranger, id, NOW))).toEqual({
      kind: "not_found",
      code: "unknown_offer",
    });
    expect(await refusal(acceptOffer(deps, stranger, id, {}, NOW))).toMatchObject({ code: "unknown_offer" });
    expect(await refusal(declineOffer(deps, stranger, id, {}, NOW))).toMatchObject({ code: "unknown_offer" });
    expect((await listMyOffers(deps, stranger, { limit: 10 }, NOW)).offers).toEqual([]);
    const at = `social-assistance#${(await offers.getOffer(id))?.place}`;
    expect(offers.counted).toEqual([`made ${at}`]);

    const listed = await listMyOffers(deps, household, { limit: 10 }, NOW);
    expect(listed.offers.map((o) => [o.offerId, o.state, o.openFields])).toEqual([[id, "open", []]]);
    await getOffer(deps, household, id, NOW);
    await getOffer(deps, household, id, NOW);
    expect(offers.counted.slice(1)).toEqual([`delivered ${at}`, `opened ${at}`]);
  });

  it("accepted in one call, once: a repeat answers the same case; siblings are superseded", async () => {
    const { deps, offers, make } = setup();
    const id = await make("OF-20260302-AAAAAAAAAB", ["OF-20260302-AAAAAAAAAC"]);
    await make("OF-20260302-AAAAAAAAAC", [id]);
    const first = await acceptOffer(deps, household, id, {}, NOW);
    expect(first.status).toBe(201);
    expect(first.body.caseId).toBe(offerCaseId(id, NOW.toISOString()));
    const stored = await deps.cases.getCase(first.body.caseId);
    expect(stored?.state).toMatchObject({ channel: "proactive", offer: { offerId: id } });
    const again = await acceptOffer(deps, household, id, {}, NOW);
    expect(again).toMatchObject({ status: 200, body: { caseId: first.body.caseId } });
    expect((await offers.getOffer("OF-20260302-AAAAAAAAAC"))?.state).toBe("superseded");
    expect(await refusal(acceptOffer(deps, household, "OF-20260302-AAAAAAAAAC", {}, NOW))).toEqual({
      kind: "conflict",
      code: "offer_superseded",
    });
    expect(await refusal(declineOffer(deps, household, id, {}, NOW))).toMatchObject({
      code: "offer_accepted",
    });
  });

  it("refuses an answer to a pre-filled field, naming it", async () => {
    const { deps, make } = setup();
    const id = await make("OF-20260302-AAAAAAAAAD");
    const r = acceptOffer(deps, household, id, { answers: { "applicant.idNumber": stranger.idNumber } }, NOW);
    const error = await r.then(
      () => undefined,
      (e: RefusalError) => e,
    );
    expect(error?.issues?.map((i) => `${i.path} ${i.code}`)).toEqual([
      "answers.applicant.idNumber field_not_open",
    ]);
  });

  it("an acceptance cut short after its case is found again: by the expiry, which marks it accepted", async () => {
    let crash = true;
    const { deps, offers, make } = setup({
      wrapOffers: (inner) => ({
        ...inner,
        decide: async (offer, decision) => {
          if (crash && decision.to === "accepted") throw new Error("crash after the case");
          return inner.decide(offer, decision);
        },
      }),
    });
    const id = await make("OF-20260302-AAAAAAAAAE");
    await expect(acceptOffer(deps, household, id, {}, NOW)).rejects.toThrow("crash after the case");
    crash = false;
    expect((await offers.getOffer(id))?.state).toBe("open");
    expect(await expireOffers(deps, later(31), 10)).toBe(0);
    expect(await offers.getOffer(id)).toMatchObject({
      state: "accepted",
      caseId: offerCaseId(id, NOW.toISOString()),
    });
  });

  it("declined once (again: the same answer), then not acceptable; an unanswered one expires", async () => {
    const { deps, offers, make } = setup();
    const id = await make("OF-20260302-AAAAAAAAAF");
    expect(await declineOffer(deps, household, id, { reason: "不需要" }, NOW)).toEqual({
      offerId: id,
      state: "declined",
    });
    expect(await declineOffer(deps, household, id, {}, NOW)).toEqual({ offerId: id, state: "declined" });
    expect((await offers.getOffer(id))?.declineReason).toBe("不需要");
    expect(await refusal(acceptOffer(deps, household, id, {}, NOW))).toMatchObject({
      code: "offer_declined",
    });
    const other = await make("OF-20260302-AAAAAAAAAG");
    expect(await refusal(acceptOffer(deps, household, other, {}, later(31)))).toMatchObject({
      code: "offer_expired",
    });
    expect(await expireOffers(deps, later(31), 10)).toBe(1);
    expect((await offers.getOffer(other))?.state).toBe("expired");
  });
});
