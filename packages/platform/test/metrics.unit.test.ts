import { type CaseRepository, type CommitInput, VersionConflictError } from "@onething/cases";
import type { CaseState } from "@onething/domain";
import { afterEach, describe, expect, it, vi } from "vitest";
import { CASE_METRICS, countingFinishedCases } from "../src/metrics.ts";
import { createCaseMetrics } from "../src/metrics-emf.ts";

/** Captures what Powertools Metrics writes to stdout (EMF: one JSON document per line). */
function captureStdout(): { lines: () => Record<string, unknown>[] } {
  const written: string[] = [];
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  return {
    lines: () =>
      written
        .join("")
        .split("\n")
        .filter((line) => line.startsWith("{"))
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("createCaseMetrics", () => {
  it("writes each finished case as an EMF document with its bundle and outcome, at once", () => {
    const out = captureStdout();

    createCaseMetrics({ namespace: "OneThing/test" }).caseFinished("after-death", "completed");

    const [emf] = out.lines();
    expect(emf).toMatchObject({
      _aws: {
        CloudWatchMetrics: [
          {
            Namespace: "OneThing/test",
            Dimensions: [expect.arrayContaining(["service", "bundle", "outcome"])],
            Metrics: [{ Name: CASE_METRICS.casesFinished, Unit: "Count" }],
          },
        ],
      },
      service: CASE_METRICS.service,
      bundle: "after-death",
      outcome: "completed",
      [CASE_METRICS.casesFinished]: 1,
    });
  });

  it("writes the overdue items raised per department", () => {
    const out = captureStdout();

    createCaseMetrics({ namespace: "OneThing/test" }).itemsOverdue("health", 3);

    expect(out.lines()).toEqual([
      expect.objectContaining({ department: "health", [CASE_METRICS.itemsOverdue]: 3, service: "onething" }),
    ]);
  });
});

describe("countingFinishedCases", () => {
  const state = (status: CaseState["status"]) => ({ bundleId: "marriage-birth", status }) as CaseState;
  const commit = (next: CaseState, previous?: CaseState) =>
    ({ next, ...(previous ? { previous: { state: previous, version: 1 } } : {}) }) as CommitInput;
  const repository = (fail = false): CaseRepository => ({
    getCase: async () => undefined,
    markOutboxSent: async () => {},
    commitDecision: async () => {
      if (fail) throw new VersionConflictError("OT-1", 1);
      return { version: 2 };
    },
  });

  it("counts a case once, on the commit that makes it final", async () => {
    const finished: [string, string][] = [];
    const cases = countingFinishedCases(repository(), { caseFinished: (b, o) => finished.push([b, o]) });

    await cases.commitDecision(commit(state("in_progress")));
    await cases.commitDecision(commit(state("rejected"), state("in_progress")));
    await cases.commitDecision(commit(state("rejected"), state("rejected")));

    expect(finished).toEqual([["marriage-birth", "rejected"]]);
  });

  it("counts nothing when the commit fails", async () => {
    const finished: unknown[] = [];
    const cases = countingFinishedCases(repository(true), { caseFinished: (...args) => finished.push(args) });

    await expect(cases.commitDecision(commit(state("completed"), state("in_progress")))).rejects.toThrow(
      VersionConflictError,
    );
    expect(finished).toEqual([]);
  });
});
