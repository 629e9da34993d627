// The simulated citizens: who looks at which offers, and what each does with them, against a fake API.
import { createDevIssuer } from "@onething/auth";
import { type Application, validateApplication } from "@onething/domain";
import {
  createSimulatedCitizens,
  DECLINE_REASONS,
  type OfferChoice,
  PERSONS_PER_ROUND,
  planOfferChoice,
  resolveOptions,
} from "@onething/local";
import { simulatedIdNumber } from "@onething/local/simulated-sources";
import { loadSeedCatalogue } from "@onething/seeds";
import { samplesFor } from "@onething/seeds/samples";
import { describe, expect, it } from "vitest";

const catalogue = loadSeedCatalogue();
const issuer = createDevIssuer("citizens-secret-citizens-secret-citizens!");
const SEED = "citizens";

describe("what a simulated citizen does with an offer", () => {
  it("opens most, accepts most of those, declines some and leaves some (seeded, over 5,000 offers)", () => {
    const choices = Array.from({ length: 5_000 }, (_, i) => planOfferChoice(SEED, `OF-20260302-${i}`));
    const share = (c: OfferChoice) => choices.filter((x) => x === c).length / choices.length;
    expect(share("accept")).toBeGreaterThan(0.5);
    expect(share("accept")).toBeLessThan(0.6);
    expect(share("decline")).toBeGreaterThan(0.17);
    expect(share("decline")).toBeLessThan(0.23);
    expect(share("open")).toBeGreaterThan(0.12);
    expect(share("ignore")).toBeGreaterThan(0.07);
    expect(Array.from({ length: 200 }, (_, i) => planOfferChoice(SEED, `OF-${i}`))).toEqual(
      Array.from({ length: 200 }, (_, i) => planOfferChoice(SEED, `OF-${i}`)),
    );
  });

  it("is on by default every 10 s, and the interval is checked like the sources'", () => {
    const context = { departments: ["health"], sweepEveryMs: 60_000, env: {} };
    expect(resolveOptions({}, context).citizens).toEqual({ enabled: true, intervalMs: 10_000 });
    expect(resolveOptions({ citizens: { enabled: false } }, context).citizens.enabled).toBe(false);
    expect(() => resolveOptions({ citizens: { intervalMs: 5 } }, context)).toThrow(
      /citizens\.intervalMs must be 100 ms or more, not 5/,
    );
  });
});

const sample = samplesFor("social-assistance")[0]?.application as Application;
const PERSON = { idNumber: String(sample.applicant.idNumber), name: String(sample.applicant.name) };
const LATE = { idNumber: "330212199405010228", name: "林晓" };

/** A fake API holding offers per addressee, recording what the citizens did. */
function fakeApi(offers: Record<string, string[]>, failFirst: Set<string> = new Set()) {
  const draft = structuredClone(sample);
  delete (draft.applicant as Record<string, unknown>).phone;
  const calls: { method: string; path: string; idNumber: string; body?: unknown }[] = [];
  const fetch = (async (url: string, init?: RequestInit) => {
    const path = new URL(url).pathname;
    const token = String(((init?.headers ?? {}) as Record<string, string>).authorization).slice(7);
    const claims = await issuer.verify(token);
    const idNumber = String((claims as Record<string, unknown>).id_number);
    const body = init?.body === undefined ? undefined : JSON.parse(String(init.body));
    calls.push({ method: init?.method ?? "GET", path, idNumber, ...(body ? { body } : {}) });
    const mine = offers[idNumber] ?? [];
    if (path === "/v1/offers")
      return Response.json({ offers: mine.map((offerId) => ({ offerId, state: "open" })) });
    const offerId = decodeURIComponent(path.split("/")[3] ?? "");
    if (!mine.includes(offerId)) return Response.json({ error: "unknown_offer" }, { status: 404 });
    if (path.endsWith("/accept") || path.endsWith("/decline")) {
      if (failFirst.delete(offerId)) return Response.json({ error: "internal" }, { status: 503 });
    }
    if (path.endsWith("/accept")) return Response.json({ offerId, state: "accepted" }, { status: 201 });
    if (path.endsWith("/decline")) return Response.json({ offerId, state: "declined" });
    return Response.json({
      offerId,
      state: "open",
      bundleId: "social-assistance",
      bundleVersion: 1,
      openFields: ["applicant.phone"],
      draft,
    });
  }) as typeof globalThis.fetch;
  return { fetch, calls, draft };
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 1000 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
};

describe("the simulated citizens running", () => {
  it("sign in as each person, act once per offer a round after seeing it, as planned", async () => {
    const ids = Array.from({ length: 24 }, (_, i) => `OF-20260302-${String(i).padStart(10, "A")}`);
    const api = fakeApi({ [PERSON.idNumber]: ids });
    const persons = [PERSON];
    const citizens = createSimulatedCitizens({
      settings: { enabled: true, intervalMs: 5 },
      seed: SEED,
      apiUrl: "http://api.test",
      issuer,
      catalogue,
      clock: () => new Date("2026-03-02T02:00:00Z"),
      persons: () => persons,
      log: { info: () => {}, warn: () => {} },
      fetch: api.fetch,
    });
    citizens.start();
    await until(() => citizens.stats().rounds >= 4);
    persons.push(LATE);
    await until(() => api.calls.some((c) => c.idNumber === LATE.idNumber));
    await citizens.stop();

    const plan = new Map(ids.map((id) => [id, planOfferChoice(SEED, id)]));
    const on = (id: string) => api.calls.filter((c) => c.path.startsWith(`/v1/offers/${id}`));
    for (const id of ids) {
      const calls = on(id).map((c) => `${c.method} ${c.path.slice(`/v1/offers/${id}`.length) || "/"}`);
      const expected = {
        ignore: [],
        open: ["GET /"],
        decline: ["GET /", "POST /decline"],
        accept: ["GET /", "POST /accept"],
      }[plan.get(id) ?? "ignore"];
      expect(calls, `${id}: ${plan.get(id)}`).toEqual(expected);
    }
    // Everyone acts as themselves only.
    expect(api.calls.every((c) => c.idNumber === PERSON.idNumber || c.path === "/v1/offers")).toBe(true);
    const first = api.calls.findIndex((c) => c.path !== "/v1/offers");
    expect(api.calls.slice(0, first).filter((c) => c.path === "/v1/offers").length).toBeGreaterThanOrEqual(2);

    for (const accept of api.calls.filter((c) => c.path.endsWith("/accept"))) {
      const answers = (accept.body as { answers: Record<string, unknown> }).answers;
      expect(Object.keys(answers)).toEqual(["applicant.phone"]);
      const app = structuredClone(api.draft);
      app.applicant.phone = answers["applicant.phone"];
      expect(validateApplication(catalogue.bundle("social-assistance"), app).ok).toBe(true);
    }
    for (const decline of api.calls.filter((c) => c.path.endsWith("/decline")))
      expect(DECLINE_REASONS).toContain((decline.body as { reason: string }).reason);

    const count = (c: OfferChoice) => [...plan.values()].filter((x) => x === c).length;
    expect(count("accept")).toBeGreaterThan(0);
    expect(count("decline")).toBeGreaterThan(0);
    expect(citizens.stats()).toMatchObject({
      seen: ids.length,
      opened: ids.length - count("ignore"),
      accepted: count("accept"),
      declined: count("decline"),
      refused: 0,
      errors: 0,
    });
  });
});

describe("the simulated citizens of a long run", () => {
  it(`look at ${PERSONS_PER_ROUND} persons a round, in turn, so everyone's offers are seen`, async () => {
    const persons = Array.from({ length: 120 }, (_, i) => ({
      idNumber: simulatedIdNumber(1990, 1 + (i % 12), 1 + Math.floor(i / 12), 200 + i),
      name: `居民${i}`,
    }));
    const api = fakeApi({});
    const citizens = createSimulatedCitizens({
      settings: { enabled: true, intervalMs: 5 },
      seed: SEED,
      apiUrl: "http://api.test",
      issuer,
      catalogue,
      clock: () => new Date("2026-03-02T02:00:00Z"),
      persons: () => persons,
      log: { info: () => {}, warn: () => {} },
      fetch: api.fetch,
    });
    citizens.start();
    await until(() => api.calls.length >= 150);
    await citizens.stop();
    const listed = api.calls.map((c) => c.idNumber);
    expect(listed.slice(0, PERSONS_PER_ROUND)).toEqual(
      persons.slice(0, PERSONS_PER_ROUND).map((p) => p.idNumber),
    );
    expect(new Set(listed.slice(0, 150)).size).toBe(120);
    // The third round goes on from the end back to the start.
    expect(listed[120]).toBe(persons[0]?.idNumber);
  });
});

describe("a simulated citizen's decision the platform could not take", () => {
  it("is tried again next round after a 5xx, and counted once", async () => {
    const ids = Array.from({ length: 40 }, (_, i) => `OF-20260302-${String(i).padStart(10, "B")}`);
    const decided = ids.filter((id) => ["accept", "decline"].includes(planOfferChoice(SEED, id)));
    const api = fakeApi({ [PERSON.idNumber]: ids }, new Set(decided));
    const citizens = createSimulatedCitizens({
      settings: { enabled: true, intervalMs: 5 },
      seed: SEED,
      apiUrl: "http://api.test",
      issuer,
      catalogue,
      clock: () => new Date("2026-03-02T02:00:00Z"),
      persons: () => [PERSON],
      log: { info: () => {}, warn: () => {} },
      fetch: api.fetch,
    });
    citizens.start();
    await until(() => citizens.stats().accepted + citizens.stats().declined === decided.length);
    await citizens.stop();
    for (const id of decided) {
      const posts = api.calls.filter((c) => c.method === "POST" && c.path.startsWith(`/v1/offers/${id}/`));
      expect(posts, id).toHaveLength(2);
    }
    const ignored = ids.filter((id) => planOfferChoice(SEED, id) === "ignore").length;
    expect(citizens.stats()).toMatchObject({ opened: ids.length - ignored, errors: 0, refused: 0 });
  });
});
