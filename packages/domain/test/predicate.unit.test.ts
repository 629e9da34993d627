import { evaluatePredicate, type Predicate, PredicateSchema, predicateReferences } from "@onething/domain";
import { describe, expect, it } from "vitest";

const values: Record<string, unknown> = {
  "answers.deathPlace": "hospital",
  "answers.age": 82,
  "answers.isVeteran": false,
  "answers.dateOfDeath": "2025-10-03",
  "approve.decision": "dibao",
};
const scope = { field: (r: string) => values[r], output: (r: string) => values[r] };
const holds = (p: Predicate) => evaluatePredicate(PredicateSchema.parse(p), scope);

describe("condition predicates", () => {
  it("compares fields and outputs", () => {
    expect(holds({ field: "answers.deathPlace", equals: "hospital" })).toBe(true);
    expect(holds({ field: "answers.isVeteran", equals: false })).toBe(true);
    expect(holds({ output: "approve.decision", in: ["dibao", "tekun"] })).toBe(true);
    expect(holds({ field: "answers.age", gte: 80 })).toBe(true);
    expect(holds({ field: "answers.age", lt: 80 })).toBe(false);
    expect(holds({ field: "answers.dateOfDeath", gt: "2025-10-01" })).toBe(true);
  });

  it("treats a missing value as absent: only `exists: false` holds", () => {
    expect(holds({ field: "answers.hospitalName", exists: false })).toBe(true);
    expect(holds({ field: "answers.hospitalName", equals: "x" })).toBe(false);
    expect(holds({ not: { field: "answers.hospitalName", equals: "x" } })).toBe(true);
  });

  it("never coerces between types", () => {
    expect(holds({ field: "answers.age", equals: "82" })).toBe(false);
    expect(holds({ field: "answers.deathPlace", gt: 1 })).toBe(false);
  });

  it("combines with all, any and not", () => {
    expect(
      holds({
        all: [
          { field: "answers.deathPlace", equals: "hospital" },
          {
            any: [
              { field: "answers.isVeteran", equals: true },
              { field: "answers.age", gt: 80 },
            ],
          },
        ],
      }),
    ).toBe(true);
  });

  it("rejects a leaf with two operands or two comparisons, and lists every reference", () => {
    expect(PredicateSchema.safeParse({ field: "answers.a", output: "x.y", exists: true }).success).toBe(
      false,
    );
    expect(PredicateSchema.safeParse({ field: "answers.a", equals: 1, exists: true }).success).toBe(false);
    expect(PredicateSchema.safeParse({ field: "answers.a", matches: ".*" }).success).toBe(false);
    expect(
      predicateReferences({
        all: [{ field: "answers.a", exists: true }, { not: { output: "x.y", equals: 1 } }],
      }),
    ).toEqual({ fields: ["answers.a"], outputs: ["x.y"] });
  });
});
