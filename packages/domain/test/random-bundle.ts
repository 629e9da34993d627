import type { BundleInput, ItemInput } from "@onething/domain";
import fc from "fast-check";
import { departments, formField } from "./fixtures.ts";

const FLAGS = ["f0", "f1", "f2", "f3"] as const;
const DEPARTMENT_IDS = departments.departments.map((d) => d.id);

type Leaf = { flag: (typeof FLAGS)[number]; value: boolean } | { outputOf: number; value: boolean };
const leafArb: fc.Arbitrary<Leaf> = fc.oneof(
  fc.record({ flag: fc.constantFrom(...FLAGS), value: fc.boolean() }),
  fc.record({ outputOf: fc.nat(), value: fc.boolean() }),
);
type Shape = { leaf: Leaf } | { not: Leaf } | { all: [Leaf, Leaf] } | { any: [Leaf, Leaf] };
const conditionArb: fc.Arbitrary<Shape> = fc.oneof(
  leafArb.map((leaf) => ({ leaf })),
  leafArb.map((l) => ({ not: l })),
  fc.tuple(leafArb, leafArb).map((ls) => ({ all: ls })),
  fc.tuple(leafArb, leafArb).map((ls) => ({ any: ls })),
);

/** The random choices for item `i`: its predecessors are drawn from the items before it, so the graph is a DAG. */
const itemSpecArb = (i: number) =>
  fc.record({
    deps: fc.subarray(Array.from({ length: i }, (_, j) => j)),
    soft: fc.subarray(Array.from({ length: i }, (_, j) => j)),
    department: fc.constantFrom(...DEPARTMENT_IDS),
    condition: fc.option(conditionArb, { nil: undefined }),
    fieldInputs: fc.subarray(["applicant.idNumber", ...FLAGS.map((f) => `answers.${f}`)]),
    readsDepOutputs: fc.boolean(),
    fatal: fc.boolean(),
    limit: fc.integer({ min: 1, max: 15 }),
  });
type ItemSpec = ReturnType<typeof itemSpecArb> extends fc.Arbitrary<infer T> ? T : never;

/** A condition over form flags and, where the item has predecessors, their `flag` outputs. */
function toCondition(shape: Shape | undefined, predecessors: readonly string[]): ItemInput["condition"] {
  const leaf = (l: Leaf) =>
    "flag" in l
      ? { field: `answers.${l.flag}`, equals: l.value }
      : predecessors.length > 0
        ? { output: `${predecessors[l.outputOf % predecessors.length]}.flag`, equals: l.value }
        : { field: "answers.f0", equals: l.value };
  return shape === undefined
    ? undefined
    : "leaf" in shape
      ? leaf(shape.leaf)
      : "not" in shape
        ? { not: leaf(shape.not) }
        : "all" in shape
          ? { all: shape.all.map(leaf) }
          : { any: shape.any.map(leaf) };
}

function toItem(s: ItemSpec, i: number): ItemInput {
  const deps = s.deps.map((d) => `i${d}`);
  const after = s.soft.filter((d) => !s.deps.includes(d)).map((d) => `i${d}`);
  const predecessors = [...deps, ...after];
  return {
    id: `i${i}`,
    name: { zh: `事项${i}`, en: `Item ${i}` },
    kind: i % 3 === 0 ? "gate" : "task",
    department: s.department,
    dependsOn: deps,
    after,
    condition: toCondition(s.condition, predecessors),
    inputs: {
      fields: s.fieldInputs,
      outputs: s.readsDepOutputs ? predecessors.map((d) => `${d}.flag`) : [],
    },
    outputs: [{ name: "flag", label: { zh: "标记", en: "Flag" }, type: "boolean", required: false }],
    timeLimitWorkingDays: s.limit,
    rejectionFails: s.fatal ? "case" : "item",
  };
}

function reportItem(sources: readonly string[]): ItemInput {
  return {
    id: "report",
    name: { zh: "报告", en: "Report" },
    kind: "report",
    department: "platform",
    dependsOn: [...sources],
    inputs: { outputs: sources.map((d) => `${d}.flag`) },
    outputs: [{ name: "report", label: { zh: "报告", en: "Report" }, type: "records", required: true }],
    timeLimitWorkingDays: 1,
    rejectionFails: "item",
  };
}

function randomBundle(items: ItemInput[]): BundleInput {
  return {
    id: "random",
    version: 1,
    name: { zh: "随机", en: "Random" },
    applicantKind: "person",
    form: {
      fields: [
        formField("applicant", "idNumber", ["身份证", "ID"], "idNumber"),
        formField("applicant", "secret", ["秘密", "Secret"], "text"),
        ...FLAGS.map((f) => formField("answers", f, [f, f], "boolean")),
      ],
    },
    items,
  };
}

/**
 * A random, valid bundle: a DAG of up to 8 items with hard (`dependsOn`) and soft (`after`) predecessors,
 * conditions combining field and output leaves with all / any / not, and sometimes a platform report at the end.
 */
export const bundleArb = fc.integer({ min: 1, max: 8 }).chain((n) =>
  fc
    .tuple(
      fc.tuple(...Array.from({ length: n }, (_, i) => itemSpecArb(i))),
      fc.option(
        fc.subarray(
          Array.from({ length: n }, (_, j) => j),
          { minLength: 1 },
        ),
        { nil: undefined },
      ),
    )
    .map(([specs, reportSources]) => {
      const items = specs.map(toItem);
      if (reportSources) items.push(reportItem(reportSources.map((d) => `i${d}`)));
      return randomBundle(items);
    }),
);

export const answersArb = fc.record({
  f0: fc.boolean(),
  f1: fc.boolean(),
  f2: fc.boolean(),
  f3: fc.boolean(),
});
