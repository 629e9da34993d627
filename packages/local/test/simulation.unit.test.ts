import { sniffContentType } from "@onething/documents";
import { validateOutputs } from "@onething/domain";
import {
  applicantAnswers,
  applicantClaims,
  InvalidOptionError,
  InvalidSimulationError,
  MAX_SUPPLEMENTS,
  planAnswer,
  plausibleOutputs,
  resolveSimulation,
  simulatedAnswer,
  simulatedDepartments,
} from "@onething/local";
import { loadSeedCatalogue } from "@onething/seeds";
import { afterEach, describe, expect, it, vi } from "vitest";
import { simulatedPdf } from "../src/simulated-documents.ts";

const catalogue = loadSeedCatalogue();
const tasks = (n: number, attempt = 1) =>
  Array.from({ length: n }, (_, i) => ({
    caseId: `OT-20260302-${String(i).padStart(10, "0")}`,
    itemId: "x",
    attempt,
  }));

describe("simulated department decisions", () => {
  it("rejects and asks for supplements at the configured rates (seeded, over 20,000 tasks)", () => {
    const settings = resolveSimulation({ rejectRate: 0.05, supplementRate: 0.1, seed: "rates" });
    const outcomes = tasks(20_000).map((task) => planAnswer(settings, task).outcome);
    const share = (o: string) => outcomes.filter((x) => x === o).length / outcomes.length;
    expect(share("rejected")).toBeGreaterThan(0.04);
    expect(share("rejected")).toBeLessThan(0.06);
    expect(share("needs_supplement")).toBeGreaterThan(0.09);
    expect(share("needs_supplement")).toBeLessThan(0.11);
    expect(share("completed")).toBeGreaterThan(0.83);
  });

  it("is reproducible: the same seed and task give the same answer and delay; another seed differs", () => {
    const a = resolveSimulation({ seed: "one" });
    const b = resolveSimulation({ seed: "two" });
    const plansA = tasks(200).map((t) => planAnswer(a, t));
    expect(tasks(200).map((t) => planAnswer(a, t))).toEqual(plansA);
    expect(tasks(200).map((t) => planAnswer(b, t))).not.toEqual(plansA);
  });

  it("draws delays inside the configured range", () => {
    const settings = resolveSimulation({ delayMs: [100, 250] });
    const delays = tasks(2_000).map((t) => planAnswer(settings, t).delayMs);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(100);
    expect(Math.max(...delays)).toBeLessThanOrEqual(250);
    expect(new Set(delays).size).toBeGreaterThan(100);
  });

  it(`never asks for a supplement after ${MAX_SUPPLEMENTS} supplements of the same item`, () => {
    const settings = resolveSimulation({ rejectRate: 0, supplementRate: 1 });
    for (let attempt = 1; attempt <= MAX_SUPPLEMENTS; attempt++) {
      expect(planAnswer(settings, { caseId: "c", itemId: "i", attempt }).outcome).toBe("needs_supplement");
    }
    for (const task of tasks(100, MAX_SUPPLEMENTS + 1)) {
      expect(planAnswer(settings, task).outcome).toBe("completed");
    }
  });

  it("with both rates at 0, always completes", () => {
    const settings = resolveSimulation({ rejectRate: 0, supplementRate: 0 });
    expect(new Set(tasks(500).map((t) => planAnswer(settings, t).outcome))).toEqual(new Set(["completed"]));
  });

  it("refuses rates and delays out of range", () => {
    expect(() => resolveSimulation({ rejectRate: 1.5 })).toThrow(InvalidSimulationError);
    expect(() => resolveSimulation({ rejectRate: 0.6, supplementRate: 0.6 })).toThrow(InvalidSimulationError);
    expect(() => resolveSimulation({ delayMs: [10, 5] })).toThrow(InvalidSimulationError);
    expect(() => resolveSimulation({ delayMs: { min: -1, max: 5 } })).toThrow(InvalidSimulationError);
  });
});

describe("simulated outputs", () => {
  it("are valid for every item of every seed bundle (the API validates them like any answer)", () => {
    const dueAt = "2026-03-09T09:59:59.999Z";
    for (const bundle of catalogue.bundles) {
      for (const item of bundle.items) {
        const task = { caseId: `OT-${bundle.id}`, itemId: item.id, attempt: 1, dueAt };
        const outputs = plausibleOutputs(item, { seed: "s", task });
        expect(validateOutputs(item, outputs), `${bundle.id}/${item.id}`).toMatchObject({ ok: true });
        const unseeded = plausibleOutputs(item, { task: { ...task, caseId: "OT-20260302-ABCDEFGHJK" } });
        expect(validateOutputs(item, unseeded), `${bundle.id}/${item.id}`).toMatchObject({ ok: true });
      }
    }
  });

  it("without a seed follow one branch: every enum its first option, dates from the case id's day", () => {
    const items = catalogue.bundles.flatMap((b) => b.items);
    const decision = items.find((i) => i.outputs.some((o) => o.type === "enum" && o.required));
    const dated = items.find((i) => i.outputs.some((o) => o.type === "date" && o.required));
    if (!decision || !dated) throw new Error("the seeds declare no required enum or date output");
    const task = (itemId: string) => ({ caseId: "OT-20260302-ABCDEFGHJK", itemId, attempt: 1 });
    const outputs = plausibleOutputs(decision, { task: task(decision.id) });
    for (const o of decision.outputs.filter((x) => x.type === "enum" && x.required)) {
      expect(outputs[o.name]).toBe(o.options?.[0]);
    }
    const dates = Object.values(plausibleOutputs(dated, { task: task(dated.id) })).filter((v) =>
      /^\d{4}-\d{2}-\d{2}$/.test(String(v)),
    );
    expect(new Set(dates)).toEqual(new Set(["2026-03-02"]));
    expect(() => plausibleOutputs(dated, { task: { caseId: "C-1", itemId: dated.id, attempt: 1 } })).toThrow(
      /no due time and no day in its case id/,
    );
  });
});

describe("simulated answers are a function of the task alone", () => {
  afterEach(() => {
    vi.useRealTimers();
  });
  const settings = resolveSimulation({ seed: "re-answer", rejectRate: 0.2, supplementRate: 0.2 });
  const answersAt = (now: string) => {
    vi.useFakeTimers({ now: new Date(now) });
    const answers = catalogue.bundles.flatMap((bundle) =>
      bundle.items.flatMap((item) =>
        [1, 2, 3].map((attempt) =>
          simulatedAnswer(settings, item, {
            caseId: `OT-20260302-${bundle.id}`,
            itemId: item.id,
            attempt,
            dueAt: "2026-03-09T09:59:59.999Z",
          }),
        ),
      ),
    );
    vi.useRealTimers();
    return answers;
  };

  it("the same task gets an identical answer whatever the clock says (a re-sent task: idempotent 202)", () => {
    const first = answersAt("2026-03-02T02:00:00Z");
    const daysLater = answersAt("2026-04-17T15:30:00Z");
    expect(daysLater).toEqual(first);
    // Dates come from the task (its due time, Beijing date), not from either clock.
    const dates = first.flatMap((a) =>
      a.outcome === "completed"
        ? Object.values(a.outputs).filter((v) => /^\d{4}-\d{2}-\d{2}$/.test(String(v)))
        : [],
    );
    expect(dates.length).toBeGreaterThan(0);
    expect(new Set(dates)).toEqual(new Set(["2026-03-09"]));
    expect(new Set(first.map((a) => a.outcome))).toEqual(
      new Set(["completed", "rejected", "needs_supplement"]),
    );
  });

  it("another attempt or due time is another task", () => {
    const item = catalogue.bundles
      .flatMap((b) => b.items)
      .find((i) => i.outputs.some((o) => o.type === "date"));
    if (item === undefined) throw new Error("no seed item declares a date output");
    const task = { caseId: "OT-1", itemId: item.id, attempt: 1, dueAt: "2026-03-09T09:59:59.999Z" };
    const base = plausibleOutputs(item, { seed: "s", task });
    expect(plausibleOutputs(item, { seed: "s", task: { ...task } })).toEqual(base);
    expect(
      plausibleOutputs(item, { seed: "s", task: { ...task, dueAt: "2026-03-20T09:59:59.999Z" } }),
    ).not.toEqual(base);
    expect(plausibleOutputs(item, { seed: "s", task: { ...task, attempt: 2 } })).not.toEqual(base);
  });
});

describe("which departments are simulated", () => {
  const registry = ["health", "public-security", "civil-affairs"];
  it("all by default or with true, none with false", () => {
    expect(simulatedDepartments(undefined, registry)).toEqual(registry);
    expect(simulatedDepartments(true, registry)).toEqual(registry);
    expect(simulatedDepartments(false, registry)).toEqual([]);
  });
  it("per department, with `*` as the default for the rest", () => {
    expect(simulatedDepartments({ health: false }, registry)).toEqual(["public-security", "civil-affairs"]);
    expect(simulatedDepartments({ "*": false, health: true }, registry)).toEqual(["health"]);
  });
  it("refuses unknown departments", () => {
    expect(() => simulatedDepartments({ helth: false }, registry)).toThrow(InvalidOptionError);
  });
});

describe("simulated applicants", () => {
  const bundle = catalogue.bundle("after-death");
  const state = {
    caseId: "OT-1",
    bundleId: bundle.id,
    bundleVersion: bundle.version,
    filedBy: { role: "citizen", id: "c-1" },
    application: { applicant: { idNumber: "110101199003074514", name: "张三" }, answers: {} },
  } as never;

  it("act under the identity the application names", () => {
    expect(applicantClaims(state, catalogue)).toMatchObject({
      role: "citizen",
      id_number: "110101199003074514",
    });
    const atCounter = { ...(state as object), filedBy: { role: "clerk", id: "clerk-9" } } as never;
    expect(applicantClaims(atCounter, catalogue)).toMatchObject({ role: "clerk", sub: "clerk-9" });
  });

  it("answer every requested piece: a form field with its current value, a document by its upload", () => {
    expect(
      applicantAnswers(
        state,
        "item-1",
        [{ field: "applicant.name" }, { field: "supportingDocument", kind: "document" }, { field: "note" }],
        { supportingDocument: "doc_AAAAAAAAAAAAAAAAAAAAAAAA" },
      ),
    ).toEqual({
      "applicant.name": "张三",
      supportingDocument: { documentId: "doc_AAAAAAAAAAAAAAAAAAAAAAAA" },
      note: "upload://simulated/OT-1/item-1/note",
    });
  });

  it("makes a valid PDF for a simulated certificate", () => {
    const pdf = simulatedPdf("licencePdf for OT-1");
    expect(sniffContentType(pdf)).toBe("application/pdf");
    expect(new TextDecoder().decode(pdf)).toMatch(/%%EOF\n$/);
  });
});
