/**
 * How many decide() calls one core does for the largest bundle in the catalogue.
 * Run: npm run bench. Not a test: figures go to docs/benchmarks.md.
 */
import { type CaseEvent, type CaseState, createDecide, type DispatchItem } from "@onething/domain";
import { loadSeedCalendar, loadSeedCatalogue } from "@onething/seeds";
import { samplesFor } from "@onething/seeds/samples";
import { autoOutputs } from "../support/outputs.ts";

const catalogue = loadSeedCatalogue();
const decide = createDecide({ catalogue, calendar: loadSeedCalendar() });
const largest = catalogue.bundles.reduce((a, b) => (b.items.length > a.items.length ? b : a));
const sample = samplesFor(largest.id)[0];
const application = sample?.application;
if (!application) throw new Error(`no sample for ${largest.id}`);

function itemOf(id: string) {
  const item = largest.items.find((i) => i.id === id);
  if (!item) throw new Error(`no item ${id}`);
  return item;
}

/** One case from submission to its final state; returns the number of decide() calls. */
function runCase(n: number, now: Date): number {
  let calls = 0;
  let state: CaseState | undefined;
  const open: DispatchItem[] = [];
  const apply = (event: CaseEvent) => {
    const d = decide(state, event, now);
    calls++;
    state = d.state;
    open.push(...d.commands.filter((c): c is DispatchItem => c.type === "DispatchItem"));
  };
  apply({
    type: "ApplicationSubmitted",
    eventId: `s${n}`,
    caseId: `C${n}`,
    bundleId: largest.id,
    application: application as never,
    channel: "online",
    filedBy: { role: "citizen", id: "bench" },
  });
  for (let task = open.shift(); task; task = open.shift()) {
    apply({
      type: "ItemResultReceived",
      eventId: `r${n}-${task.itemId}-${task.attempt}`,
      caseId: task.caseId,
      itemId: task.itemId,
      department: task.department,
      attempt: task.attempt,
      result: { outcome: "completed", outputs: autoOutputs(itemOf(task.itemId)) },
    });
  }
  if (!state || !["completed", "completed_with_exceptions"].includes(state.status)) {
    throw new Error(`bench case ended ${state?.status}`);
  }
  return calls;
}

const now = new Date("2026-03-02T10:00:00+08:00");
for (let i = 0; i < 200; i++) runCase(i, now); // warm up the JIT

const durationMs = Number(process.env.BENCH_MS ?? 3000);
let calls = 0;
let cases = 0;
const start = process.hrtime.bigint();
let elapsed = 0;
while (elapsed < durationMs) {
  calls += runCase(cases++, now);
  elapsed = Number(process.hrtime.bigint() - start) / 1e6;
}
console.log(
  JSON.stringify(
    {
      bundle: `${largest.id} v${largest.version}`,
      items: largest.items.length,
      decideCallsPerCase: Math.round(calls / cases),
      decideCallsPerSecond: Math.round((calls / elapsed) * 1000),
      casesPerSecond: Math.round((cases / elapsed) * 1000),
      node: process.version,
    },
    null,
    2,
  ),
);
