import { describe, expect, it } from "vitest";
import {
  beijingDayStart,
  type CaseSummary,
  InvalidStoreRequestError,
  matchesFilter,
  planCaseSearch,
} from "../src/index.ts";

const bundleIds = ["after-death", "newborn"];
const plan = (query: Omit<Parameters<typeof planCaseSearch>[0], "bundleIds">) =>
  planCaseSearch({ ...query, bundleIds });
const where = (query: Omit<Parameters<typeof planCaseSearch>[0], "bundleIds">) => {
  const { sources, filter } = plan(query);
  return { partitions: sources.map((s) => `${s.index} ${s.partition}`), filter };
};

describe("planCaseSearch in a scope (an operator of one place)", () => {
  const yinzhou = { jurisdiction: "330212", path: "000000/330000/330200/330212" };

  it("reads the cases placed there, then those received there, and checks the rest per case", () => {
    const scoped = plan({ scope: yinzhou, status: "in_progress", fromDay: "2026-03-01" });
    expect(scoped.sources.map((s) => `${s.index} ${s.partition}`)).toEqual([
      "gsi2 PLACE#330212",
      "gsi2 RECEIVED#330212",
    ]);
    expect(scoped.sources.every((s) => !s.caseRows && s.from === beijingDayStart("2026-03-01"))).toBe(true);
    expect(scoped.filter).toEqual({ status: "in_progress", scopePath: yinzhou.path });
    // A department's open cases, then the scope per case.
    expect(where({ scope: yinzhou, department: "civil-affairs" })).toEqual({
      partitions: ["gsi4 OPENAT#civil-affairs"],
      filter: { scopePath: yinzhou.path },
    });
  });

  it("keeps a case placed or received within the scope once, and nothing else", () => {
    const summary = (placePath?: string, receivedPath?: string): CaseSummary => ({
      caseId: "c",
      bundleId: "after-death",
      status: "in_progress",
      submittedAt: "2026-03-02T02:00:00.000Z",
      updatedAt: "2026-03-02T02:00:00.000Z",
      version: 1,
      ...(placePath ? { placePath } : {}),
      ...(receivedPath ? { receivedPath } : {}),
    });
    const [placed, received] = plan({ scope: yinzhou }).sources;
    const filter = { scopePath: yinzhou.path };
    const town = `${yinzhou.path}/330212101`;
    const haishu = "000000/330000/330200/330203";
    expect(matchesFilter(summary(town, haishu), filter, placed)).toBe(true);
    // The received-in-scope partition leaves out what the placed-in-scope one gave.
    expect(matchesFilter(summary(town, town), filter, received)).toBe(false);
    expect(matchesFilter(summary("000000/340000/340100", town), filter, received)).toBe(true);
    expect(matchesFilter(summary(haishu, haishu), filter, placed)).toBe(false);
    // Cases older than places are the platform's only; a path is never a prefix of a sibling's.
    expect(matchesFilter(summary(), filter, placed)).toBe(false);
    expect(matchesFilter(summary("000000/330000/330200/3302121"), filter, placed)).toBe(false);
  });

  it("lists only the open cases when nothing narrows it, as the platform's search does", () => {
    const { sources, filter } = plan({ scope: yinzhou });
    expect(filter).toEqual({ scopePath: yinzhou.path, openOnly: true });
    const at = (status: CaseSummary["status"]): CaseSummary => ({
      caseId: "c",
      bundleId: "after-death",
      status,
      submittedAt: "2026-03-02T02:00:00.000Z",
      updatedAt: "2026-03-02T02:00:00.000Z",
      version: 1,
      placePath: `${yinzhou.path}/330212101`,
    });
    expect(matchesFilter(at("awaiting_applicant"), filter, sources[0])).toBe(true);
    expect(matchesFilter(at("completed"), filter, sources[0])).toBe(false);
    // A status, a bundle or days name what is wanted: closed cases too.
    expect(plan({ scope: yinzhou, status: "completed" }).filter).not.toHaveProperty("openOnly");
    expect(plan({ scope: yinzhou, bundleId: "after-death" }).filter).not.toHaveProperty("openOnly");
  });
});

describe("planCaseSearch", () => {
  it("reads the open statuses when nothing narrows the search", () => {
    expect(where({})).toEqual({
      partitions: ["gsi1 STATUS#in_progress", "gsi1 STATUS#awaiting_applicant"],
      filter: {},
    });
    expect(where({ overdue: false }).filter).toEqual({ overdue: false });
  });

  it("picks the most selective index and leaves the rest to the filter", () => {
    expect(where({ department: "health", status: "in_progress", overdue: true })).toEqual({
      partitions: ["gsi4 OPENAT#health"],
      filter: { status: "in_progress", overdue: true },
    });
    expect(where({ overdue: true, bundleId: "newborn" })).toEqual({
      partitions: ["gsi3 OVERDUE"],
      filter: { bundleId: "newborn" },
    });
    expect(where({ status: "awaiting_applicant", bundleId: "newborn" })).toEqual({
      partitions: ["gsi1 STATUS#awaiting_applicant"],
      filter: { bundleId: "newborn" },
    });
    expect(where({ status: "completed", bundleId: "newborn" })).toEqual({
      partitions: ["gsi2 BUNDLE#newborn"],
      filter: { status: "completed" },
    });
    expect(where({ status: "completed", fromDay: "2026-03-01" })).toEqual({
      partitions: ["gsi1 STATUS#completed"],
      filter: { fromDay: "2026-03-01" },
    });
    expect(where({ toDay: "2026-03-01" }).partitions).toEqual([
      "gsi2 BUNDLE#after-death",
      "gsi2 BUNDLE#newborn",
    ]);
  });

  it("turns Beijing days into a key range on indexes sorted by submission", () => {
    const [source] = plan({ bundleId: "newborn", fromDay: "2026-03-01", toDay: "2026-03-02" }).sources;
    expect(source).toMatchObject({ from: "2026-02-28T16:00:00.000Z", before: "2026-03-02T16:00:00.000Z" });
    expect(beijingDayStart("2026-03-01")).toBe("2026-02-28T16:00:00.000Z");
  });

  it("gives each query its own fingerprint, and refuses a backward range or a bad day", () => {
    expect(plan({ bundleId: "newborn" }).fingerprint).toBe(plan({ bundleId: "newborn" }).fingerprint);
    expect(plan({ bundleId: "newborn" }).fingerprint).not.toBe(plan({ bundleId: "after-death" }).fingerprint);
    expect(plan({ bundleId: "newborn" }).fingerprint).not.toBe(
      plan({ bundleId: "newborn", status: "completed" }).fingerprint,
    );
    expect(() => plan({ fromDay: "2026-03-02", toDay: "2026-03-01" })).toThrow(InvalidStoreRequestError);
    expect(() => plan({ fromDay: "2026-3-2" })).toThrow(InvalidStoreRequestError);
  });
});
