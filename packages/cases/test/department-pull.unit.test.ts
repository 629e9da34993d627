// The pull's lease use case over a fake department queue: bounds per request, the copy that carries deliveries,
// the department everywhere taking exactly its count, housekeeping that never fails the leases, and the routes'
// body bounds.
import { createLeaseIds } from "@onething/auth";
import { LeaseTasksBodySchema } from "@onething/contracts";
import { loadSeedCatalogue } from "@onething/seeds";
import { describe, expect, it } from "vitest";
import {
  type DepartmentPullDeps,
  type DepartmentQueuePort,
  IdempotencyKeyConflictError,
  leaseTasks,
  MAX_RECEIVES_PER_LEASE,
  type ReceivedDepartmentMessage,
  SORTING_SECONDS,
} from "../src/index.ts";

const catalogue = loadSeedCatalogue();
const scopeOf = (code: string) => {
  const node = catalogue.places.find(code);
  if (!node) throw new Error(code);
  return { jurisdiction: node.code, path: node.path };
};
const YINZHOU = scopeOf("330212");
const HAISHU = scopeOf("330203");
const EVERYWHERE = scopeOf("000000");

let n = 0;
/** A `TaskCancelled` (always delivered: no store read) for an office. */
function message(
  office: { jurisdiction: string; path: string },
  receiveCount = 1,
  carried = 0,
): ReceivedDepartmentMessage {
  n++;
  return {
    messageId: `m${n}`,
    receipt: `r${n}`,
    receiveCount,
    carriedDeliveries: carried,
    origin: `m${n}`,
    attributes: {},
    body: JSON.stringify({
      type: "TaskCancelled",
      schemaVersion: 1,
      eventId: `cancel-${n}`,
      occurredAt: "2026-03-02T10:00:00+08:00",
      caseId: `OT-20260302-CASE${n}`,
      itemId: "death-certificate-hospital",
      department: "health",
      attempt: 1,
      office,
      reason: "case_withdrawn",
    }),
  };
}

/** A queue that hands out `batches` in turn and records every call. */
function fakeQueue(
  batches: ReceivedDepartmentMessage[][],
  failing: Partial<Record<keyof DepartmentQueuePort, boolean>> = {},
) {
  const calls: { op: string; args: unknown[] }[] = [];
  const record =
    (op: keyof DepartmentQueuePort) =>
    async (...args: unknown[]) => {
      calls.push({ op, args });
      if (failing[op]) throw new Error(`${op} failed`);
    };
  const port: DepartmentQueuePort = {
    receive: async (...args) => {
      calls.push({ op: "receive", args });
      return batches.shift() ?? [];
    },
    setVisibility: record("setVisibility"),
    remove: record("remove"),
    requeue: record("requeue") as DepartmentQueuePort["requeue"],
    deadLetter: record("deadLetter") as DepartmentQueuePort["deadLetter"],
  };
  return { port, calls };
}

const depsWith = (port: DepartmentQueuePort, warnings: string[] = []): DepartmentPullDeps => ({
  departmentQueue: port,
  leaseIds: createLeaseIds("unit-lease-key-unit-lease-key-unit-lease"),
  cases: { getCase: async () => undefined },
  idempotency: { find: async () => undefined, claim: async () => {} },
  catalogue,
  log: { info: () => {}, warn: (m: string) => warnings.push(m), error: () => {} },
  clock: () => new Date("2026-03-02T10:00:00+08:00"),
  maxDeliveries: 8,
});
const request = { count: 2, leaseSeconds: 600, waitSeconds: 5 };
const now = new Date("2026-12-08T00:00:00Z");

describe("leasing for an office", () => {
  it("receives at most three batches of 10, hides each 30 s while sorting, then holds its own for the lease", async () => {
    const foreign = () => Array.from({ length: 10 }, () => message(HAISHU));
    const { port, calls } = fakeQueue([foreign(), foreign(), foreign(), [message(YINZHOU)]]);
    const leases = await leaseTasks(depsWith(port), { department: "health", scope: YINZHOU }, request, now);
    expect(leases).toEqual([]);
    const receives = calls.filter((c) => c.op === "receive");
    expect(receives).toHaveLength(MAX_RECEIVES_PER_LEASE);
    expect(receives.map((c) => c.args[1])).toEqual([
      { max: 10, visibilitySeconds: SORTING_SECONDS, waitSeconds: 5 },
      { max: 10, visibilitySeconds: SORTING_SECONDS, waitSeconds: 0 },
      { max: 10, visibilitySeconds: SORTING_SECONDS, waitSeconds: 0 },
    ]);
    // Every foreign message put back, none made visible again.
    expect(calls.filter((c) => c.op === "requeue").flatMap((c) => c.args[1] as unknown[])).toHaveLength(30);
    expect(calls.filter((c) => c.op === "setVisibility")).toEqual([]);
  });

  it("leases its own, puts back the others and its surplus with the deliveries before this receive", async () => {
    const mine = [message(YINZHOU, 2, 3), message(YINZHOU), message(YINZHOU, 1, 4)];
    const other = message(HAISHU, 3, 2);
    const { port, calls } = fakeQueue([
      [
        mine[0] as ReceivedDepartmentMessage,
        other,
        mine[1] as ReceivedDepartmentMessage,
        mine[2] as ReceivedDepartmentMessage,
      ],
    ]);
    const leases = await leaseTasks(depsWith(port), { department: "health", scope: YINZHOU }, request, now);
    expect(leases.map((l) => l.deliveries)).toEqual([5, 1]);
    expect(leases.every((l) => l.leaseUntil === "2026-12-08T00:10:00.000Z")).toBe(true);
    expect(calls.filter((c) => c.op === "setVisibility").map((c) => c.args.slice(1))).toEqual([
      [mine[0]?.receipt, 600],
      [mine[1]?.receipt, 600],
    ]);
    const putBack = calls.find((c) => c.op === "requeue")?.args[1] as {
      message: ReceivedDepartmentMessage;
      carriedDeliveries: number;
    }[];
    expect(putBack.map((p) => [p.message.messageId, p.carriedDeliveries])).toEqual([
      [other.messageId, 4],
      [mine[2]?.messageId, 4],
    ]);
  });

  it("dead-letters a message delivered more than maxDeliveries times, across copies", async () => {
    const { port, calls } = fakeQueue([[message(YINZHOU, 2, 7)]]);
    expect(await leaseTasks(depsWith(port), { department: "health", scope: YINZHOU }, request, now)).toEqual(
      [],
    );
    expect(calls.filter((c) => c.op === "deadLetter")).toHaveLength(1);
  });

  it("hands out what it sealed even when putting back fails (the rest comes back by itself)", async () => {
    const warnings: string[] = [];
    const { port } = fakeQueue([[message(YINZHOU), message(HAISHU)]], { requeue: true });
    const leases = await leaseTasks(
      depsWith(port, warnings),
      { department: "health", scope: YINZHOU },
      request,
      now,
    );
    expect(leases).toHaveLength(1);
    expect(warnings.join()).toMatch(/put back failed/);
  });
});

describe("the lease guard", () => {
  it("drops a copy of a message another chain holds, and lets the same chain through again", async () => {
    const copy = message(YINZHOU);
    const again = message(YINZHOU);
    const { port, calls } = fakeQueue([[copy, again]]);
    // Both guards stand: the copy's by another chain, the other's by its own (released earlier).
    const holder = (origin: string) => (origin === copy.origin ? "another-chain" : origin);
    const idempotency = {
      find: async () => undefined,
      claim: async (scope: string, key: string, record: { requestHash: string; caseId: string }) => {
        throw new IdempotencyKeyConflictError(scope, key, {
          ...record,
          requestHash: holder(record.requestHash),
        });
      },
    };
    const leases = await leaseTasks(
      { ...depsWith(port), idempotency },
      { department: "health", scope: YINZHOU },
      request,
      now,
    );
    expect(leases.map((l) => l.message.eventId)).toEqual([JSON.parse(again.body).eventId]);
    expect(calls.filter((c) => c.op === "remove").map((c) => c.args[1])).toEqual([copy.receipt]);
  });
});

describe("leasing for the department everywhere", () => {
  it("receives exactly what it asks for, with the lease as visibility, and puts nothing back", async () => {
    const { port, calls } = fakeQueue([[message(YINZHOU), message(HAISHU)]]);
    const leases = await leaseTasks(
      depsWith(port),
      { department: "health", scope: EVERYWHERE },
      request,
      now,
    );
    expect(leases).toHaveLength(2);
    expect(calls.map((c) => c.op)).toEqual(["receive"]);
    expect(calls[0]?.args[1]).toEqual({ max: 2, visibilitySeconds: 600, waitSeconds: 5 });
  });
});

describe("the lease body's bounds", () => {
  it("defaults count 1, 300 s, no wait; refuses what SQS cannot do", () => {
    expect(LeaseTasksBodySchema.parse({})).toEqual({ count: 1, leaseSeconds: 300, waitSeconds: 0 });
    expect(LeaseTasksBodySchema.parse({ count: 10, leaseSeconds: 43_200, waitSeconds: 20 })).toBeTruthy();
    for (const bad of [
      { count: 0 },
      { count: 11 },
      { count: 1.5 },
      { leaseSeconds: 29 },
      { leaseSeconds: 43_201 },
      { waitSeconds: 21 },
      { extra: 1 },
    ])
      expect(LeaseTasksBodySchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
  });
});
