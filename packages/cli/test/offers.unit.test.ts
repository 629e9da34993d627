// `offers` and `offer show|accept|decline` (a citizen's proactive offers) in-process, against a fake API.
import { statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { caseBook, claimsOf, cli, dataDir, fakeFetch } from "./support.ts";

const MOTHER = "330212199405010228";
const OTHER = "330212199003150025";
const OFFER = "OF-20260302-ABCDEFGHJK";
const VISIT_OFFER = "OF-20260301-MNPQRSTUVW";

const summary = (overrides: Record<string, unknown> = {}) => ({
  offerId: OFFER,
  bundleId: "marriage-birth-household",
  bundleVersion: 1,
  bundleName: { zh: "婚育户一件事", en: "Marriage, birth and household" },
  state: "open",
  madeAt: "2026-03-02T02:00:00.000Z",
  expiresAt: "2026-05-30T16:00:00.000Z",
  openFields: ["applicant.phone", "answers.childOrder"],
  madeBy: "rule:child-born-offer.v1",
  eventType: "ChildBorn",
  ...overrides,
});
const view = {
  ...summary(),
  draft: {
    applicant: { name: "林晓", idNumber: MOTHER, role: "mother" },
    subject: { dateOfBirth: "2026-03-02" },
    answers: { babyBorn: true, birthCertificateNumber: "O3300000003" },
  },
};
const listed = {
  offers: [
    summary(),
    summary({
      offerId: VISIT_OFFER,
      bundleId: "social-assistance",
      bundleName: { zh: "救助一件事", en: "Social assistance" },
      state: "accepted",
      openFields: [],
      madeBy: "case:OT-20260301-VISIT00001",
      eventType: undefined,
      caseId: "OT-20260302-CASE000001",
    }),
  ],
};

describe("offers", () => {
  it("lists the citizen's offers as that citizen, and remembers whose they are", async () => {
    const dir = dataDir();
    const api = fakeFetch({ "GET /v1/offers": { body: listed } });
    const r = await cli(["offers", "--as", MOTHER, "--data-dir", dir], { fetch: api.fetch });
    expect(r.code, r.err).toBe(0);
    expect(claimsOf(api.requests[0]?.headers.authorization)).toMatchObject({
      role: "citizen",
      id_number: MOTHER,
    });
    expect(r.out).toContain("Offers for citizen 330212********0228 (2):");
    expect(r.out).not.toContain(MOTHER);
    expect(r.out).toMatch(/OF-20260302-ABCDEFGHJK\s+marriage-birth-household v1\s+婚育户一件事\s+open/);
    expect(r.out).toContain("ChildBorn (rule:child-born-offer.v1)");
    expect(r.out).toContain("applicant.phone, answers.childOrder");
    expect(r.out).toMatch(/visit OT-20260301-VISIT00001\s+OT-20260302-CASE000001/);
    expect(r.out).toContain(`next: npx onething offer show ${OFFER}`);
    expect(statSync(path.join(dir, "cli-offers.json")).mode & 0o777).toBe(0o600);

    // A bare `offers` lists for the citizen listed last.
    const again = await cli(["offers", "--data-dir", dir, "--json"], { fetch: api.fetch });
    expect(again.code, again.err).toBe(0);
    expect(JSON.parse(again.out)).toEqual(listed);
    expect(claimsOf(api.requests[1]?.headers.authorization)).toMatchObject({ id_number: MOTHER });
  });

  it("asks whose offers when it cannot know, and refuses an ID number that is not one", async () => {
    const api = fakeFetch({ "GET /v1/offers": { body: listed } });
    const none = await cli(["offers", "--data-dir", dataDir()], { fetch: api.fetch });
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/say whose offers with --as <idNumber>/);
    const bad = await cli(["offers", "--as", "330212199405010229", "--data-dir", dataDir()], {
      fetch: api.fetch,
    });
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--as 330212199405010229: the ID number/);
    expect(api.requests).toEqual([]);
  });

  it("says so when there is nothing", async () => {
    const api = fakeFetch({ "GET /v1/offers": { body: { offers: [] } } });
    const r = await cli(["offers", "--as", `citizen:${OTHER}`, "--data-dir", dataDir()], {
      fetch: api.fetch,
    });
    expect(r.code, r.err).toBe(0);
    expect(r.out.trim()).toBe("No offers for citizen 330212********0025.");
  });
});

describe("offer show", () => {
  it("prints the draft labelled and masked, the open fields, and how to accept", async () => {
    const dir = dataDir();
    const api = fakeFetch({
      "GET /v1/offers": { body: listed },
      [`GET /v1/offers/${OFFER}`]: { body: view },
    });
    await cli(["offers", "--as", MOTHER, "--data-dir", dir], { fetch: api.fetch });
    const r = await cli(["offer", "show", OFFER, "--data-dir", dir], { fetch: api.fetch });
    expect(r.code, r.err).toBe(0);
    // The addressee recorded by the listing: no --as needed.
    expect(claimsOf(api.requests[1]?.headers.authorization)).toMatchObject({ id_number: MOTHER });
    expect(r.out).toContain(`Offer ${OFFER}: 婚育户一件事 / Marriage, birth and household`);
    expect(r.out).toMatch(/applicant\.idNumber \(.+\): 330212\*{8}0228/);
    expect(r.out).not.toContain(MOTHER);
    expect(r.out).toMatch(/answers\.birthCertificateNumber \(.+\): O3300000003/);
    expect(r.out).toContain("Open (yours to give): applicant.phone, answers.childOrder");
    expect(r.out).toContain(
      `accept: npx onething offer accept ${OFFER} --answer 'applicant.phone=<phone>' --answer 'answers.childOrder=<integer>'`,
    );
  });

  it("passes the platform's refusal on as one line: someone else's offer is unknown", async () => {
    const api = fakeFetch({
      [`GET /v1/offers/${OFFER}`]: {
        status: 404,
        body: { error: "unknown_offer", message: "no such offer" },
      },
    });
    const r = await cli(["offer", "show", OFFER, "--as", OTHER, "--data-dir", dataDir()], {
      fetch: api.fetch,
    });
    expect(r.code).toBe(1);
    expect(r.err.trim()).toBe("onething: 404 unknown_offer: no such offer");
  });
});

describe("offer accept and decline", () => {
  it("accepts with the open fields typed by the form, and remembers the case as the citizen's", async () => {
    const dir = dataDir();
    const api = fakeFetch({
      [`GET /v1/offers/${OFFER}`]: { body: view },
      [`POST /v1/offers/${OFFER}/accept`]: {
        status: 201,
        body: {
          offerId: OFFER,
          caseId: "OT-20260302-CASE000002",
          state: "accepted",
          case: { caseId: "OT-20260302-CASE000002", status: "in_progress", items: [] },
        },
      },
    });
    const r = await cli(
      [
        "offer",
        "accept",
        OFFER,
        "--as",
        MOTHER,
        "--answer",
        "applicant.phone=13805748813",
        "--answer",
        "answers.childOrder=1",
        "--data-dir",
        dir,
      ],
      { fetch: api.fetch },
    );
    expect(r.code, r.err).toBe(0);
    const post = api.requests.find((q) => q.method === "POST");
    // The phone stays text (not a number), the order a number: as the form declares them.
    expect(post?.body).toEqual({ answers: { "applicant.phone": "13805748813", "answers.childOrder": 1 } });
    expect(r.out).toContain(
      `Offer ${OFFER} accepted (as citizen 330212********0228): case OT-20260302-CASE000002`,
    );
    expect(r.out).toContain("next: npx onething status OT-20260302-CASE000002");
    expect(caseBook(dir)["OT-20260302-CASE000002"]).toMatchObject({
      bundleId: "marriage-birth-household",
      as: { role: "citizen", idNumber: MOTHER },
    });
  });

  it("names the field the platform refuses, and the state of an offer no longer open", async () => {
    const api = fakeFetch({
      [`GET /v1/offers/${OFFER}`]: { body: view },
      [`POST /v1/offers/${OFFER}/accept`]: {
        status: 400,
        body: {
          error: "validation_failed",
          message: "the answers are not valid",
          issues: [{ path: "answers.applicant.name", message: "is not open", code: "field_not_open" }],
        },
      },
      [`POST /v1/offers/${OFFER}/decline`]: {
        status: 409,
        body: { error: "offer_expired", message: "the offer expired" },
      },
    });
    const accept = await cli(
      ["offer", "accept", OFFER, "--as", MOTHER, "--answer", "applicant.name=别人", "--data-dir", dataDir()],
      { fetch: api.fetch },
    );
    expect(accept.code).toBe(1);
    expect(accept.err).toContain(
      "400 validation_failed: the answers are not valid — answers.applicant.name is not open",
    );
    const decline = await cli(["offer", "decline", OFFER, "--as", MOTHER, "--data-dir", dataDir()], {
      fetch: api.fetch,
    });
    expect(decline.err.trim()).toBe("onething: 409 offer_expired: the offer expired");
  });

  it("declines with a reason, and refuses options of another action", async () => {
    const api = fakeFetch({
      [`POST /v1/offers/${OFFER}/decline`]: { body: { offerId: OFFER, state: "declined" } },
    });
    const r = await cli(
      ["offer", "decline", OFFER, "--as", MOTHER, "--reason", "已在其他渠道办理", "--data-dir", dataDir()],
      { fetch: api.fetch },
    );
    expect(r.code, r.err).toBe(0);
    expect(api.requests[0]?.body).toEqual({ reason: "已在其他渠道办理" });
    expect(r.out.trim()).toBe(`Offer ${OFFER} declined (as citizen 330212********0228).`);
    const wrong = await cli(
      ["offer", "decline", OFFER, "--as", MOTHER, "--answer", "a.b=1", "--data-dir", dataDir()],
      { fetch: api.fetch },
    );
    expect(wrong.code).toBe(2);
    expect(wrong.err).toMatch(/--answer and --answers-json are for offer accept/);
    const unknown = await cli(["offer", "take", OFFER, "--as", MOTHER, "--data-dir", dataDir()], {
      fetch: api.fetch,
    });
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/offer take: expected show, accept or decline/);
    expect(api.requests.length).toBe(1);
  });
});

describe("start's simulated citizens", () => {
  const started = async (flags: string[]) => {
    const calls: Record<string, unknown>[] = [];
    const r = await cli(["start", "--in-memory", "--data-dir", dataDir(), ...flags], {
      loadLocal: async () => ({
        startLocalPlatform: async (options) => {
          calls.push(options as Record<string, unknown>);
          return { url: "http://localhost:4000", stop: async () => {} };
        },
      }),
      waitForShutdown: async () => "SIGTERM",
    });
    return { ...r, options: calls[0] };
  };

  it("are on by default; --no-citizens and --citizen-interval-ms reach the platform's options", async () => {
    expect((await started([])).options).not.toHaveProperty("citizens");
    expect((await started(["--no-citizens"])).options).toMatchObject({ citizens: { enabled: false } });
    expect((await started(["--citizen-interval-ms", "500"])).options).toMatchObject({
      citizens: { intervalMs: 500 },
    });
  });

  it("refuses an interval below 100 ms in the flag's words, and an interval without citizens", async () => {
    const short = await started(["--citizen-interval-ms", "5"]);
    expect(short.code).toBe(2);
    expect(short.err).toMatch(/--citizen-interval-ms must be 100 ms or more, not 5/);
    const both = await started(["--no-citizens", "--citizen-interval-ms", "500"]);
    expect(both.code).toBe(2);
    expect(both.err).toMatch(/--no-citizens looks at no offers/);
    expect(short.options).toBeUndefined();
  });
});
