// The group's claim, over the in-memory adapters: an acceptance claims the offer's group before its case, so a
// decline or the expiry arriving in between cannot win, and of two parents accepting at once only one case is made.
// Races are interleaved by a repository wrapper that runs the other call right after the claim resolves.
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
  offerCaseId,
} from "../src/index.ts";
import { catalogue, later, NOW, world } from "./world.ts";

const sample = samplesFor("social-assistance").find((s) => s.id === "sa-migrant-family-emergency");
if (!sample) throw new Error("no sample sa-migrant-family-emergency");
const draft = structuredClone(sample.application) as Parameters<typeof newOffer>[1]["draft"];
const idNumber = String(draft.applicant.idNumber);
const household: Principal = { role: "citizen", subject: "citizen-h", idNumber };
const EXPIRES = later(30);
const at = (ms: number) => new Date(EXPIRES.getTime() + ms);
const MINUTE = 60_000;

function setup() {
  const w = world();
  const inner = createInMemoryOffers();
  const hooks: { afterClaim?: () => Promise<void>; crashAfterClaim?: boolean } = {};
  const offers: typeof inner = {
    ...inner,
    claimOffer: async (offer, when) => {
      const claim = await inner.claimOffer(offer, when);
      const after = hooks.afterClaim;
      hooks.afterClaim = undefined;
      if (after) await after();
      if (hooks.crashAfterClaim) throw new Error("crash after the claim");
      return claim;
    },
  };
  const deps = { ...w.deps, offers };
  const make = async (offerId: string, group: string[] = []) => {
    await inner.makeOffer(
      newOffer(catalogue, {
        offerId,
        bundleId: "social-assistance",
        addressee: idNumber,
        draft,
        madeAt: NOW,
        expiresAt: EXPIRES,
        occurredAt: new Date(NOW.getTime() - 3_600_000).toISOString(),
        madeBy: "case:OT-OUTREACH",
        group,
      }),
    );
    return offerId;
  };
  const caseOf = (offerId: string) => w.cases.getCase(offerCaseId(offerId, NOW.toISOString()));
  return { w, offers, deps, make, hooks, caseOf };
}
const refusal = async (p: Promise<unknown>) => {
  const error = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof RefusalError)) throw new Error(`expected a refusal, got ${String(error)}`);
  return { kind: error.kind, code: error.code };
};

describe("offer claims", () => {
  it("a decline between the claim and the case loses: 409 offer_accepted, the offer accepted with its case", async () => {
    const { deps, offers, make, hooks, caseOf } = setup();
    const id = await make("OF-20260302-CLAIM00001");
    let declined: unknown;
    hooks.afterClaim = async () => {
      declined = await refusal(declineOffer(deps, household, id, {}, NOW));
    };
    const accepted = await acceptOffer(deps, household, id, {}, NOW);
    expect(declined).toEqual({ kind: "conflict", code: "offer_accepted" });
    expect(accepted.status).toBe(201);
    expect(await offers.getOffer(id)).toMatchObject({ state: "accepted", caseId: accepted.body.caseId });
    expect(await caseOf(id)).toBeDefined();
    expect(offers.counted.filter((c) => c.startsWith("declined"))).toEqual([]);
  });

  it("a decline before the claim wins: the acceptance answers offer_declined, makes no case, frees the group", async () => {
    const { deps, offers, make, caseOf } = setup();
    const mother = await make("OF-20260302-CLAIM00002", ["OF-20260302-CLAIM00003"]);
    const father = await make("OF-20260302-CLAIM00003", [mother]);
    // The decline lands after the acceptance read the offer open, before its claim was checked against it.
    const claim = offers.claimOffer;
    offers.claimOffer = async (offer, when) => {
      offers.claimOffer = claim;
      await declineOffer(deps, household, mother, {}, NOW);
      return claim(offer, when);
    };
    expect(await refusal(acceptOffer(deps, household, mother, {}, NOW))).toEqual({
      kind: "conflict",
      code: "offer_declined",
    });
    expect(await caseOf(mother)).toBeUndefined();
    expect(await offers.getClaim(await must(offers.getOffer(mother)))).toBeUndefined();
    expect((await acceptOffer(deps, household, father, {}, NOW)).status).toBe(201);
  });

  it("the expiry during an acceptance skips the claimed offer; the acceptance then makes its case", async () => {
    const { deps, offers, make, hooks, caseOf } = setup();
    const id = await make("OF-20260302-CLAIM00004");
    let expired: number | undefined;
    hooks.afterClaim = async () => {
      expired = await expireOffers(deps, at(MINUTE), 10);
    };
    const accepted = await acceptOffer(deps, household, id, {}, at(-MINUTE));
    expect(expired).toBe(0);
    expect(accepted.status).toBe(201);
    expect((await offers.getOffer(id))?.state).toBe("accepted");
    expect(await caseOf(id)).toBeDefined();
  });

  it("an acceptance that died after its claim, before its case: expired once the claim is over an hour old", async () => {
    const { deps, offers, make, hooks, caseOf } = setup();
    const id = await make("OF-20260302-CLAIM00005");
    hooks.crashAfterClaim = true;
    await expect(acceptOffer(deps, household, id, {}, at(-MINUTE))).rejects.toThrow("crash after the claim");
    hooks.crashAfterClaim = false;
    expect(await expireOffers(deps, at(30 * MINUTE), 10)).toBe(0);
    expect((await offers.getOffer(id))?.state).toBe("open");
    expect(await expireOffers(deps, at(2 * 60 * MINUTE), 10)).toBe(1);
    const offer = await must(offers.getOffer(id));
    expect(offer.state).toBe("expired");
    expect(await offers.getClaim(offer)).toBeUndefined();
    expect(await caseOf(id)).toBeUndefined();
  });

  it("both parents accepting at once make exactly one case; the other answers 409 offer_superseded", async () => {
    const { deps, offers, make, caseOf } = setup();
    const mother = await make("OF-20260302-CLAIM00007", ["OF-20260302-CLAIM00006"]);
    const father = await make("OF-20260302-CLAIM00006", [mother]);
    const results = await Promise.allSettled([
      acceptOffer(deps, household, mother, {}, NOW),
      acceptOffer(deps, household, father, {}, NOW),
    ]);
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r) => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    const refusal = lost[0]?.status === "rejected" ? (lost[0].reason as RefusalError) : undefined;
    expect(refusal).toBeInstanceOf(RefusalError);
    expect(refusal?.code).toBe("offer_superseded");
    const cases = [await caseOf(mother), await caseOf(father)].filter(Boolean);
    expect(cases).toHaveLength(1);
    const states = [(await offers.getOffer(mother))?.state, (await offers.getOffer(father))?.state].sort();
    expect(states).toEqual(["accepted", "superseded"]);
  });
});

describe("offer reads", () => {
  it("count delivered and opened only for open offers", async () => {
    const { deps, offers, make } = setup();
    const id = await make("OF-20260302-READS00001");
    await declineOffer(deps, household, id, {}, NOW);
    await listMyOffers(deps, household, { limit: 10 }, NOW);
    await getOffer(deps, household, id, NOW);
    expect(offers.counted.filter((c) => /^(delivered|opened) /.test(c))).toEqual([]);
    expect((await offers.getOffer(id))?.notice.state).toBe("pending");
  });

  it("a failed funnel mark does not fail the read: a warning names the offer id only", async () => {
    const { w, deps, offers, make } = setup();
    const id = await make("OF-20260302-READS00002");
    offers.markNoticeDelivered = async () => {
      throw new Error(`boom ${idNumber}`);
    };
    offers.markOpened = offers.markNoticeDelivered;
    expect((await listMyOffers(deps, household, { limit: 10 }, NOW)).offers).toHaveLength(1);
    expect((await getOffer(deps, household, id, NOW)).offerId).toBe(id);
    const warnings = w.logged("offer funnel mark failed");
    expect(warnings.length).toBe(3);
    for (const line of warnings) {
      expect(line.level).toBe("warn");
      expect(line.fields.offerId).toBe(id);
      expect(JSON.stringify(line.fields)).not.toContain(idNumber);
    }
  });
});

async function must<T>(p: Promise<T | undefined>): Promise<T> {
  const value = await p;
  if (value === undefined) throw new Error("expected a value");
  return value;
}
