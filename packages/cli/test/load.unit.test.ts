import { residentIdProblem, usccProblem, validateApplication, validateSupplement } from "@onething/domain";
import { samples } from "@onething/seeds/samples";
import { describe, expect, it } from "vitest";
import { catalogue } from "../src/catalogue.ts";
import { planLoad } from "../src/commands/platform/load.ts";
import { residentId, residentIdLike, seededRng, usccLike } from "../src/ids.ts";
import { supplementAnswers, varySample } from "../src/load/applications.ts";
import { apportion, defaultMix, parseMix, submissionOrder } from "../src/load/mix.ts";
import { buildReport, type CaseObservation, renderReport, timelineDurations } from "../src/load/report.ts";
import { distribution, percentile } from "../src/stats.ts";
import { sampleCaseView } from "./support.ts";

describe("generated ID numbers", () => {
  it("carry the GB 11643 check character", () => {
    expect(residentId("330212", new Date(Date.UTC(1964, 2, 21)), 13)).toBe("330212196403210134");
    expect(residentId("110105", new Date(Date.UTC(1949, 11, 31)), 2)).toBe("11010519491231002X");
  });

  it("stay like the original: valid, same region and sex, age within two years, never twice", () => {
    const rng = seededRng(7);
    const used = new Set<string>();
    const original = "330212196403210134";
    const made = Array.from({ length: 2_000 }, () => residentIdLike(original, rng, used));
    expect(new Set(made).size).toBe(made.length);
    for (const id of made) {
      expect(residentIdProblem(id)).toBeNull();
      expect(id.slice(0, 6)).toBe("330212");
      expect(Number(id[16]) % 2).toBe(1);
      expect(Math.abs(Number(id.slice(6, 10)) - 1964)).toBeLessThanOrEqual(2);
    }
  });

  it("are reproducible from the seed", () => {
    const one = residentIdLike("330212199604170486", seededRng(42), new Set());
    const two = residentIdLike("330212199604170486", seededRng(42), new Set());
    expect(one).toBe(two);
    expect(Number(one[16]) % 2).toBe(0);
  });

  it("come with credit codes that carry the GB 32100 check character", () => {
    const rng = seededRng(1);
    const used = new Set<string>();
    for (let i = 0; i < 500; i++) {
      const code = usccLike("91330212MA2J8R3W6U", rng, used);
      expect(usccProblem(code)).toBeNull();
      expect(code.slice(0, 8)).toBe("91330212");
    }
  });
});

describe("generated applications", () => {
  it("pass their bundle's form validation, each with an applicant of its own", () => {
    const rng = seededRng(3);
    const used = new Set<string>();
    const applicants = new Set<string>();
    for (const [index, sample] of [...samples, ...samples].entries()) {
      const bundle = catalogue().bundle(sample.bundleId);
      const generated = varySample(bundle, sample, rng, used, index);
      const { bundleId: _b, ...application } = generated.body;
      const valid = validateApplication(bundle, application);
      expect(valid.ok ? [] : valid.issues, sample.id).toEqual([]);
      applicants.add(JSON.stringify(generated.applicant));
      if (sample.channel === "counter") expect(generated.filer.role).toBe("clerk");
      else expect(generated.filer).toEqual(generated.applicant);
    }
    expect(applicants.size).toBe(samples.length * 2);
  });

  it("answer a supplement request with values the form accepts", () => {
    const bundle = catalogue().bundle("after-death");
    const sample = samples.find((s) => s.bundleId === "after-death");
    if (!sample) throw new Error("no sample");
    const body = varySample(bundle, sample, seededRng(1), new Set(), 0).body;
    const item = bundle.items.find((i) => i.id === "death-certificate-hospital");
    if (!item) throw new Error("no item");
    const requested = [
      { field: "subject.dateOfDeath", description: "请核对死亡日期" },
      { field: "cremationProof", description: "火化证明" },
    ];
    const answers = supplementAnswers(bundle, body, requested, new Date("2026-03-02T00:00:00Z"));
    expect(answers).toEqual({
      "subject.dateOfDeath": body.subject?.dateOfDeath,
      cremationProof: "补正-cremationProof.pdf",
    });
    expect(validateSupplement(bundle, item, requested, answers)).toMatchObject({ ok: true });
  });
});

describe("the mix", () => {
  const known = catalogue().bundles.map((b) => b.id);

  it("follows the seeds' yearly volumes by default", () => {
    const mix = defaultMix(known);
    expect(mix["after-death"]).toBeCloseTo(4_900 / (4_900 + 2_400 + 5_797 + 10), 6);
    expect(mix["elderly-care-opening"]).toBeLessThan(0.001);
    expect(Object.values(mix).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
  });

  it("reads --mix as weights, normalised, over the bundles it names", () => {
    expect(parseMix("after-death:3, social-assistance:1", known)).toEqual({
      "after-death": 0.75,
      "social-assistance": 0.25,
    });
    expect(() => parseMix("after-death:x", known)).toThrow(/<bundle>:<weight>/);
    expect(() => parseMix("moving-house:1", known)).toThrow(/unknown bundle 'moving-house'/);
    expect(() => parseMix("after-death:0", known)).toThrow(/must not all be 0/);
  });

  it("splits whole cases exactly (largest remainder)", () => {
    expect(apportion(10, { a: 0.374, b: 0.183, c: 0.442, d: 0.001 })).toEqual({ a: 4, b: 2, c: 4, d: 0 });
    expect(apportion(3, { a: 1 / 3, b: 1 / 3, c: 1 / 3 })).toEqual({ a: 1, b: 1, c: 1 });
    const order = submissionOrder(100, defaultMix(known), seededRng(5));
    expect(order).toHaveLength(100);
    expect(order.filter((b) => b === "after-death")).toHaveLength(38);
  });

  it("plans a reproducible load from a seed", () => {
    const a = planLoad(12, defaultMix(known), 99);
    const b = planLoad(12, defaultMix(known), 99);
    expect(a.applications.map((x) => x.body)).toEqual(b.applications.map((x) => x.body));
    expect(new Set(a.applications.map((x) => x.sampleId)).size).toBeGreaterThan(3);
  });
});

describe("percentiles", () => {
  it("use the nearest rank: always an observed value", () => {
    expect(percentile([10, 20, 30, 40], 50)).toBe(20);
    expect(percentile([40, 10, 30, 20], 95)).toBe(40);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95)).toBe(10);
    expect(
      percentile(
        Array.from({ length: 100 }, (_, i) => i + 1),
        95,
      ),
    ).toBe(95);
    expect(percentile([7], 50)).toBe(7);
    expect(percentile([], 50)).toBeUndefined();
    expect(() => percentile([1], 0)).toThrow(RangeError);
  });

  it("summarise a distribution", () => {
    expect(distribution([300, 100, 200])).toEqual({ count: 3, p50Ms: 200, p95Ms: 300, maxMs: 300 });
  });
});

describe("the load report", () => {
  it("takes submission → last dispatch and → final from the case's timeline", () => {
    const view = sampleCaseView({ status: "completed", closedAt: "2026-03-02T02:10:00.000Z" });
    expect(timelineDurations(view)).toEqual({ toLastDispatchMs: 180_000, toFinalMs: 600_000 });
    expect(timelineDurations(sampleCaseView())).toEqual({ toLastDispatchMs: 180_000 });
  });

  it("counts rates over the run, percentiles over final cases, and outcomes over every case", () => {
    const base = { sampleId: "s", supplementsProvided: 0 };
    const observations: CaseObservation[] = [
      {
        ...base,
        index: 0,
        bundleId: "after-death",
        submitStartMs: 0,
        submitEndMs: 100,
        caseId: "A",
        status: "completed",
        finalSeenMs: 2_000,
        toLastDispatchMs: 500,
        toFinalMs: 1_500,
      },
      {
        ...base,
        index: 1,
        bundleId: "after-death",
        submitStartMs: 500,
        submitEndMs: 600,
        caseId: "B",
        status: "rejected",
        finalSeenMs: 4_000,
        toLastDispatchMs: 700,
        toFinalMs: 3_000,
      },
      {
        ...base,
        index: 2,
        bundleId: "social-assistance",
        submitStartMs: 1_000,
        submitEndMs: 1_100,
        caseId: "C",
        status: "in_progress",
        waitingAt: ["health"],
      },
      {
        ...base,
        index: 3,
        bundleId: "social-assistance",
        submitStartMs: 1_500,
        submitEndMs: 2_000,
        submitError: "400 validation_failed",
      },
    ];
    const report = buildReport(observations, { timedOut: true, endMs: 10_000 });
    expect(report).toMatchObject({
      cases: 4,
      submitted: 3,
      submitFailed: 1,
      final: 2,
      open: 1,
      mix: { "after-death": 2, "social-assistance": 2 },
      outcomes: { completed: 1, rejected: 1, "open:in_progress": 1, submit_failed: 1 },
      submitErrors: { "400 validation_failed": 1 },
      waitingAt: { health: 1 },
      wallSeconds: 10,
    });
    expect(report.submissionsPerSecond).toBeCloseTo(3 / 1.1, 6);
    expect(report.finishedPerSecond).toBeCloseTo(2 / 4, 6);
    expect(report.toLastDispatch).toEqual({ count: 2, p50Ms: 500, p95Ms: 700, maxMs: 700 });
    expect(report.toFinal).toMatchObject({ p50Ms: 1_500, p95Ms: 3_000 });
    const text = renderReport(report);
    expect(text).toMatch(/submitted\s+3 \(1 refused\) · sustained 2\.73\/s/);
    expect(text).toMatch(/still open\s+1, their open items wait at: health 1/);
    expect(text).toMatch(/submission → final\s+1\.50 s\s+3\.00 s/);
    expect(text).not.toContain("platform clock");
    expect(renderReport(report, 60)).toContain(
      "on the platform clock, which runs ×60: divide by 60 for real time",
    );
  });
});
