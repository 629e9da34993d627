/** The offer family on DynamoDB Local: made once, the inbox, the funnel counters moved by each change once. */
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import type { NewOffer } from "@onething/cases";
import { describe, expect, it } from "vitest";
import { caseState, dispatched } from "./fixtures.ts";
import { unique, useTestStore } from "./store.ts";

const { store, table, submit } = await useTestStore("offers");
const now = new Date("2026-03-02T02:00:00.000Z");

let n = 0;
function anOffer(addressee: string, overrides: Partial<NewOffer> = {}): NewOffer {
  n++;
  return {
    offerId: `OF-20260302-${String(n).padStart(10, "A")}`,
    bundleId: unique("bundle"),
    bundleVersion: 1,
    addressee,
    draft: { applicant: { idNumber: addressee, name: "张三" }, answers: { babyBorn: true } },
    openFields: ["applicant.phone"],
    madeAt: new Date(now.getTime() + n * 1000).toISOString(),
    expiresAt: "2026-04-01T02:00:00.000Z",
    occurredAt: "2026-03-01T02:00:00.000Z",
    madeBy: "rule:child-born-offer.v1",
    place: "330212",
    ...overrides,
  };
}
const funnelOf = async (bundleId: string) =>
  (await store.getOfferCounters()).find((r) => r.bundleId === bundleId);

describe("offers", () => {
  it("makes an offer once: a replay changes nothing and counts nothing", async () => {
    const offer = anOffer(unique("id"));
    expect(await store.makeOffer(offer)).toBe("made");
    expect(await store.makeOffer({ ...offer, expiresAt: "2027-01-01T00:00:00.000Z" })).toBe("exists");

    const stored = await store.getOffer(offer.offerId);
    expect(stored).toMatchObject({
      offerId: offer.offerId,
      state: "open",
      expiresAt: "2026-04-01T02:00:00.000Z",
      notice: { channel: "inbox", state: "pending" },
      addresseeHash: store.addresseeHashOf(offer.addressee),
    });
    expect((await funnelOf(offer.bundleId))?.funnel.made).toBe(1);
    const rows = (await table.client.send(new ScanCommand({ TableName: table.tableName }))).Items ?? [];
    const mine = rows.filter((r) => String(r.pk) === `OFFER#${offer.offerId}`);
    expect(mine.map((r) => r.sk).sort()).toEqual(["NOTICE#inbox", "OFFER"]);
    // The identity is never a key, nor an attribute of its own (only inside the draft, like an application).
    expect(JSON.stringify(mine.map(({ draft: _d, ...r }) => r))).not.toContain(offer.addressee);
  });

  it("lists a person's offers newest first, and only theirs", async () => {
    const person = unique("person");
    const first = anOffer(person);
    const second = anOffer(person);
    await store.makeOffer(first);
    await store.makeOffer(second);
    await store.makeOffer(anOffer(unique("other")));

    const page = await store.listOffersOf(person, { limit: 10 });
    expect(page.items.map((o) => o.offerId)).toEqual([second.offerId, first.offerId]);
    const one = await store.listOffersOf(person, { limit: 1 });
    expect(one.cursor).toBeDefined();
    const rest = await store.listOffersOf(person, { limit: 1, cursor: one.cursor as string });
    expect(rest.items.map((o) => o.offerId)).toEqual([first.offerId]);
  });

  it("counts delivered and opened once each, and a decision once, with its event→case time", async () => {
    const offer = anOffer(unique("id"));
    await store.makeOffer(offer);
    const stored = await store.getOffer(offer.offerId);
    if (!stored) throw new Error("not stored");

    expect(await store.markNoticeDelivered(stored, now)).toBe(true);
    expect(await store.markNoticeDelivered(stored, now)).toBe(false);
    expect(await store.markOpened(stored, now)).toBe(true);
    expect(await store.markOpened(stored, now)).toBe(false);
    const decision = {
      to: "accepted" as const,
      at: now,
      caseId: "OT-20260302-AAAAAAAAAA",
      toCaseMs: 86_400_000,
    };
    expect(await store.decide(stored, decision)).toBe(true);
    expect(await store.decide(stored, decision)).toBe(false);
    expect(await store.decide(stored, { to: "expired", at: now })).toBe(false);

    expect(await store.getOffer(offer.offerId)).toMatchObject({
      state: "accepted",
      caseId: "OT-20260302-AAAAAAAAAA",
      openedAt: now.toISOString(),
      notice: { state: "delivered", deliveredAt: now.toISOString() },
    });
    const row = await funnelOf(offer.bundleId);
    expect(row?.funnel).toEqual({
      made: 1,
      delivered: 1,
      opened: 1,
      accepted: 1,
      declined: 0,
      expired: 0,
      superseded: 0,
    });
    expect(row).toMatchObject({ toCaseCount: 1, toCaseMsSum: 86_400_000, place: "330212" });
    expect(row?.buckets.reduce((sum, b) => sum + b.count, 0)).toBe(1);
  });

  it("lists the open offers past their expiry, and an offer leaves the list when decided", async () => {
    const bundleId = unique("expiring");
    const due = anOffer(unique("id"), { bundleId, expiresAt: "2020-01-01T00:00:00.000Z" });
    const later = anOffer(unique("id"), { bundleId, expiresAt: "2099-01-01T00:00:00.000Z" });
    await store.makeOffer(due);
    await store.makeOffer(later);

    const expired = (await store.listExpiredOffers(now, 100)).map((o) => o.offerId);
    expect(expired).toContain(due.offerId);
    expect(expired).not.toContain(later.offerId);
    const stored = await store.getOffer(due.offerId);
    if (!stored) throw new Error("not stored");
    await store.decide(stored, { to: "expired", at: now });
    expect((await store.listExpiredOffers(now, 100)).map((o) => o.offerId)).not.toContain(due.offerId);
    expect((await funnelOf(bundleId))?.funnel).toMatchObject({ made: 2, expired: 1 });
  });

  it("writes a commit's offers inside the case's transaction", async () => {
    const caseId = unique("case");
    const offer = anOffer(unique("id"), { madeBy: `case:${caseId}` });
    await submit(caseState({ caseId, items: [dispatched("a", "health", "2026-03-10T16:00:00.000Z")] }), {
      offers: [offer],
    });
    expect(await store.getOffer(offer.offerId)).toMatchObject({ state: "open", madeBy: `case:${caseId}` });
    expect((await funnelOf(offer.bundleId))?.funnel.made).toBe(1);
    expect((await store.listOffersOf(offer.addressee, { limit: 5 })).items.map((o) => o.offerId)).toEqual([
      offer.offerId,
    ]);
  });

  it("lists the waits for a life event past their timeout (gsi3 WAITING), never a department's open item", async () => {
    const caseId = unique("waiting");
    const waits = (await store.listExpiredWaits(now, 100)).length;
    await submit(
      caseState({
        caseId,
        items: [
          dispatched("await-birth", "health", "2026-03-01T16:00:00.000Z", { status: "waiting" }),
          dispatched("later", "health", "2099-03-01T16:00:00.000Z", { status: "waiting" }),
          dispatched("a", "health", "2026-03-01T16:00:00.000Z"),
        ],
      }),
    );
    const listed = await store.listExpiredWaits(now, 100);
    expect(listed.filter((i) => i.caseId === caseId).map((i) => i.itemId)).toEqual(["await-birth"]);
    expect(listed.length).toBe(waits + 1);
    const open = await store.listOpenItems({ department: "health", limit: 100 });
    expect(open.items.filter((i) => i.caseId === caseId).map((i) => i.itemId)).toEqual(["a"]);
  });
});

describe("offer claims", () => {
  it("claims a group once: the sibling is refused, and the claimed offer cannot be declined or expired", async () => {
    const person = unique("parent");
    const mother = anOffer(person);
    const father = anOffer(person);
    mother.group = [father.offerId];
    father.group = [mother.offerId];
    await store.makeOffer(mother);
    await store.makeOffer(father);
    const [m, f] = [await store.getOffer(mother.offerId), await store.getOffer(father.offerId)];
    if (!m || !f) throw new Error("offers not made");

    const [a, b] = await Promise.all([store.claimOffer(m, now), store.claimOffer(f, now)]);
    expect(a).toEqual(b);
    const winner = a.offerId === m.offerId ? m : f;
    const loser = winner === m ? f : m;
    expect(await store.getClaim(loser)).toEqual(a);
    // The claim stands for its own offer again (a retry), never for the sibling.
    expect((await store.claimOffer(winner, now)).offerId).toBe(winner.offerId);
    expect((await store.claimOffer(loser, now)).offerId).toBe(winner.offerId);
    const rows = (await table.client.send(new ScanCommand({ TableName: table.tableName }))).Items ?? [];
    const groupKey = [m.offerId, f.offerId].sort()[0];
    expect(rows.filter((r) => r.pk === `OFFERCLAIM#${groupKey}`)).toHaveLength(1);

    expect(await store.decide(winner, { to: "declined", at: now })).toBe(false);
    expect(await store.decide(winner, { to: "expired", at: now })).toBe(false);
    expect((await store.getOffer(winner.offerId))?.state).toBe("open");
    expect((await funnelOf(winner.bundleId))?.funnel.declined ?? 0).toBe(0);
    // The sibling's claim names another offer: superseding it passes; accepting the claimed one too.
    expect(await store.decide(loser, { to: "superseded", at: now })).toBe(true);
    expect(await store.decide(winner, { to: "accepted", at: now, caseId: "OT-X" })).toBe(true);

    const held = await store.getClaim(winner);
    if (!held) throw new Error("no claim");
    expect(await store.releaseClaim(winner, { ...held, claimedAt: "2000-01-01T00:00:00.000Z" })).toBe(false);
    expect(await store.releaseClaim(winner, held)).toBe(true);
    expect(await store.getClaim(winner)).toBeUndefined();
  });

  it("an ungrouped offer claims its own id; once released it can be declined", async () => {
    const offer = anOffer(unique("id"));
    await store.makeOffer(offer);
    const stored = await store.getOffer(offer.offerId);
    if (!stored) throw new Error("offer not made");
    const claim = await store.claimOffer(stored, now);
    expect(claim).toEqual({ offerId: offer.offerId, claimedAt: now.toISOString() });
    expect(await store.decide(stored, { to: "declined", at: now })).toBe(false);
    expect(await store.releaseClaim(stored, claim)).toBe(true);
    expect(await store.decide(stored, { to: "declined", at: now })).toBe(true);
  });
});
