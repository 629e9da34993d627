// The sweep's bookkeeping with injected fakes: what it asks the store, what it sends, and how it counts and
// logs failures. The real store and queues are exercised in test/platform/sweeper.int.test.ts.
import {
  type Offer,
  type OfferDecision,
  type OutboxMessage,
  offerCaseId,
  type StoredCase,
} from "@onething/cases";
import { CaseEventMessageSchema } from "@onething/contracts";
import type { ItemSummary, ListStaleCasesQuery, PendingOutboxEntry } from "@onething/store";
import { describe, expect, it } from "vitest";
import { DEFAULT_STUCK_AFTER_MS, type SweepDeps, sweep } from "../src/index.ts";

const now = new Date("2026-04-01T02:00:00.000Z");

const overdueItem = (caseId: string, itemId: string, attempt = 1): ItemSummary => ({
  caseId,
  itemId,
  department: "health",
  status: "dispatched",
  attempt,
  dueAt: "2026-03-20T16:00:00.000Z",
  overdue: false,
  updatedAt: "2026-03-02T02:00:00.000Z",
});

function fakes(
  options: {
    overdue?: ItemSummary[];
    outbox?: PendingOutboxEntry[];
    stale?: string[];
    failSend?: (messages: readonly OutboxMessage[]) => boolean;
    waits?: ItemSummary[];
    offers?: Offer[];
    cases?: string[];
  } = {},
) {
  const calls = {
    overdue: [] as unknown[][],
    outbox: [] as unknown[],
    stale: [] as ListStaleCasesQuery[],
    marked: [] as string[],
    decided: [] as [string, OfferDecision][],
    sent: [] as OutboxMessage[][],
    logs: [] as { level: string; message: string; fields: Record<string, unknown> }[],
  };
  const states = new Map<string, Offer["state"]>();
  const write =
    (level: string) =>
    (message: string, fields: Record<string, unknown> = {}) => {
      calls.logs.push({ level, message, fields });
    };
  const deps: SweepDeps = {
    store: {
      getCase: async (caseId) =>
        options.cases?.includes(caseId)
          ? ({ state: { submittedAt: "2026-03-30T00:00:00.000Z" }, version: 1 } as StoredCase)
          : undefined,
      listExpiredWaits: async () => options.waits ?? [],
      listExpiredOffers: async () => options.offers ?? [],
      getOffer: async (offerId) => {
        const found = options.offers?.find((o) => o.offerId === offerId);
        return found && { ...found, state: states.get(offerId) ?? found.state };
      },
      // Like the store's conditional update: only an open offer changes.
      decide: async (offer, decision) => {
        if ((states.get(offer.offerId) ?? offer.state) !== "open") return false;
        states.set(offer.offerId, decision.to);
        calls.decided.push([offer.offerId, decision]);
        return true;
      },
      // No acceptance in flight here: no offer is claimed.
      getClaim: async () => undefined,
      releaseClaim: async () => false,
      commitDecision: async () => ({ version: 1 }),
      markOutboxSent: async (caseId, eventId) => {
        calls.marked.push(`${caseId}/${eventId}`);
      },
      listOverdueItems: async (...args) => {
        calls.overdue.push(args);
        return options.overdue ?? [];
      },
      listPendingOutbox: async (query) => {
        calls.outbox.push(query);
        return options.outbox ?? [];
      },
      listOpenItems: async () => ({ items: [] }),
      listOpenRevisionJobs: async () => [],
      saveRevisionJob: async () => {},
      listStaleCases: async (query) => {
        calls.stale.push(query);
        return {
          items: (options.stale ?? []).map((caseId) => ({
            caseId,
            bundleId: "after-death",
            status: "in_progress" as const,
            submittedAt: "2026-03-02T02:00:00.000Z",
            updatedAt: "2026-03-02T02:00:00.000Z",
            version: 3,
          })),
        };
      },
    },
    send: async (messages) => {
      if (options.failSend?.(messages)) throw new Error("SQS unavailable");
      calls.sent.push([...messages]);
    },
    departments: ["health", "civil-affairs"],
    log: { info: write("info"), warn: write("warn"), error: write("error") },
  };
  return { deps, calls };
}

describe("sweep", () => {
  it("asks the store for bounded work lists with the configured cutoffs", async () => {
    const { deps, calls } = fakes();

    expect(await sweep({ ...deps, limits: { overduePerDepartment: 7 } }, now)).toEqual({
      overdueRaised: 0,
      outboxResent: 0,
      stuckCases: [],
      calendarRevisionsQueued: 0,
      waitsTimedOut: 0,
      offersExpired: 0,
    });

    expect(calls.overdue).toEqual([[now, ["health", "civil-affairs"], 7]]);
    expect(calls.outbox).toEqual([{ olderThan: new Date(now.getTime() - 60_000), limit: 100 }]);
    expect(calls.stale).toEqual([
      { status: "in_progress", updatedBefore: new Date(now.getTime() - DEFAULT_STUCK_AFTER_MS), limit: 100 },
    ]);
  });

  it("sends one ItemOverdue per overdue item to the orchestrator FIFO queue, ids fixed per attempt", async () => {
    const { deps, calls } = fakes({ overdue: [overdueItem("OT-1", "death-certificate", 2)] });

    expect((await sweep(deps, now)).overdueRaised).toBe(1);

    const [message] = calls.sent.flat();
    expect(message).toMatchObject({
      queue: "orchestrator",
      groupId: "OT-1",
      dedupId: "overdue:OT-1:death-certificate:2:2026-03-20T16:00:00.000Z",
    });
    expect(CaseEventMessageSchema.parse(message?.body)).toMatchObject({
      type: "ItemOverdue",
      eventId: "overdue:OT-1:death-certificate:2:2026-03-20T16:00:00.000Z",
      caseId: "OT-1",
      itemId: "death-certificate",
      attempt: 2,
      occurredAt: now.toISOString(),
    });
  });

  it("counts only the chunks that were sent, and skips rows the contract refuses", async () => {
    const items = Array.from({ length: 12 }, (_, n) => overdueItem(`OT-${n}`, "item"));
    const { deps, calls } = fakes({
      overdue: [...items, overdueItem("OT-bad", "Not An Item Id")],
      failSend: (messages) => messages.length === 10,
    });

    expect((await sweep(deps, now)).overdueRaised).toBe(2);

    expect(calls.sent.flat().map((m) => m.groupId)).toEqual(["OT-10", "OT-11"]);
    expect(calls.logs.filter((l) => l.level === "error").map((l) => l.message)).toEqual([
      "overdue item skipped",
      "overdue send failed; the next sweep retries",
    ]);
  });

  it("counts the overdue items it raised per department for the dashboard, only those that were sent", async () => {
    const items = [
      ...Array.from({ length: 10 }, (_, n) => overdueItem(`OT-h${n}`, "item")),
      { ...overdueItem("OT-c1", "item"), department: "civil-affairs" },
      { ...overdueItem("OT-c2", "item"), department: "civil-affairs" },
      { ...overdueItem("OT-h10", "item") },
    ];
    const counted: [string, number][] = [];
    const { deps } = fakes({ overdue: items, failSend: (messages) => messages.length !== 10 });

    await sweep({ ...deps, metrics: { itemsOverdue: (d, n) => counted.push([d, n]) } }, now);

    // The first chunk of ten went out (ten health items); the second (two civil-affairs, one health) failed.
    expect(counted).toEqual([["health", 10]]);

    const all: [string, number][] = [];
    const ok = fakes({ overdue: items });
    await sweep({ ...ok.deps, metrics: { itemsOverdue: (d, n) => all.push([d, n]) } }, now);
    expect(all).toEqual([
      ["health", 10],
      ["civil-affairs", 2],
      ["health", 1],
    ]);
  });

  it("resends pending outbox entries oldest first, marking only those that went out", async () => {
    const entry = (caseId: string, eventId: string): PendingOutboxEntry => ({
      caseId,
      eventId,
      createdAt: "2026-04-01T01:00:00.000Z",
      messages: [{ queue: "department:health", body: { eventId }, dedupId: eventId }],
    });
    const { deps, calls } = fakes({
      outbox: [entry("OT-1", "submit:OT-1"), entry("OT-2", "submit:OT-2")],
      failSend: (messages) => messages.some((m) => m.dedupId === "submit:OT-1"),
    });

    expect((await sweep(deps, now)).outboxResent).toBe(1);
    expect(calls.marked).toEqual(["OT-2/submit:OT-2"]);
  });

  it("reports stuck cases by id in one warning", async () => {
    const { deps, calls } = fakes({ stale: ["OT-old-1", "OT-old-2"] });

    expect((await sweep(deps, now)).stuckCases).toEqual(["OT-old-1", "OT-old-2"]);
    expect(calls.logs.find((l) => l.message === "stuck cases")).toMatchObject({
      level: "warn",
      fields: { count: 2, more: false, caseIds: ["OT-old-1", "OT-old-2"] },
    });
  });
});

describe("sweep: waits for a life event and offers", () => {
  const wait: ItemSummary = {
    ...overdueItem("OT-W", "await-birth"),
    status: "waiting",
    department: "health",
  };
  const offer = (offerId: string): Offer => ({
    offerId,
    bundleId: "marriage-birth-household",
    bundleVersion: 2,
    addresseeHash: "h",
    draft: { applicant: {}, answers: {} },
    openFields: [],
    state: "open",
    madeAt: "2026-03-01T00:00:00.000Z",
    expiresAt: "2026-03-31T00:00:00.000Z",
    occurredAt: "2026-03-01T00:00:00.000Z",
    madeBy: "rule:child-born-offer.v1",
    place: "000000",
    notice: { channel: "inbox", state: "pending" },
  });

  it("sends one ItemOverdue per timed-out wait, its id fixed per wait", async () => {
    const { deps, calls } = fakes({ waits: [wait] });

    expect((await sweep(deps, now)).waitsTimedOut).toBe(1);

    const [message] = calls.sent.flat();
    expect(message).toMatchObject({
      queue: "orchestrator",
      groupId: "OT-W",
      dedupId: "wait-timeout:OT-W:await-birth",
    });
    expect(CaseEventMessageSchema.parse(message?.body)).toMatchObject({
      type: "ItemOverdue",
      eventId: "wait-timeout:OT-W:await-birth",
      itemId: "await-birth",
    });
  });

  it("expires open offers past their expiry; one whose case exists is marked accepted instead", async () => {
    const accepted = { ...offer("OF-20260301-AAAAAAAAAB"), group: ["OF-20260301-AAAAAAAAAC"] };
    const { deps, calls } = fakes({
      offers: [offer("OF-20260301-AAAAAAAAAA"), accepted, offer("OF-20260301-AAAAAAAAAC")],
      cases: [offerCaseId(accepted.offerId, accepted.madeAt)],
    });

    // The accepted one's sibling is superseded, not expired, though it was listed open.
    expect((await sweep(deps, now)).offersExpired).toBe(1);

    expect(calls.decided.map(([id, d]) => [id, d.to, d.caseId])).toEqual([
      ["OF-20260301-AAAAAAAAAA", "expired", undefined],
      ["OF-20260301-AAAAAAAAAB", "accepted", offerCaseId(accepted.offerId, accepted.madeAt)],
      ["OF-20260301-AAAAAAAAAC", "superseded", undefined],
    ]);
  });
});
