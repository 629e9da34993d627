import {
  type Bundle,
  type CaseEvent,
  type CaseState,
  type Command,
  createDecide,
  type DataEvent,
  type DispatchItem,
  type ItemResult,
  itemDefinition,
} from "@onething/domain";
import { loadSeedCalendar, loadSeedCatalogue } from "@onething/seeds";
import { samplesFor } from "@onething/seeds/samples";
import { expect } from "vitest";
import { autoOutputs } from "./outputs.ts";

export const catalogue = loadSeedCatalogue();
export const decide = createDecide({ catalogue, calendar: loadSeedCalendar() });

/** How a scripted department answers: complete (with outputs merged over plausible ones), reject, ask, or hold. */
export type Answer = { complete: Record<string, unknown> } | { reject: string } | { ask: string } | "hold";

/** Drives one case through the engine as departments and the applicant would, recording everything. */
export class Scenario {
  state: CaseState;
  readonly bundle: Bundle;
  readonly commands: Command[] = [];
  readonly open = new Map<string, DispatchItem>();
  now: Date;
  private n = 0;

  constructor(bundleId: string, sampleId: string, now = new Date("2026-03-02T09:30:00+08:00")) {
    const sample = samplesFor(bundleId).find((s) => s.id === sampleId);
    if (!sample) throw new Error(`no sample ${sampleId} for ${bundleId}`);
    this.bundle = catalogue.bundle(bundleId);
    this.now = now;
    const d = decide(
      undefined,
      {
        type: "ApplicationSubmitted",
        eventId: "submit",
        caseId: `T-${sampleId}`,
        bundleId,
        application: sample.application as never,
        channel: sample.channel,
        filedBy: { role: "citizen", id: "tester" },
        ...(sample.receivingPlace ? { receivingPlace: sample.receivingPlace } : {}),
      },
      now,
    );
    expect(d.ignored).toBeUndefined();
    this.state = d.state as CaseState;
    this.record(d.commands);
  }

  private record(commands: Command[]) {
    this.commands.push(...commands);
    for (const c of commands) {
      if (c.type === "DispatchItem") this.open.set(c.itemId, c);
      if (c.type === "CancelItem") this.open.delete(c.itemId);
    }
  }

  apply(event: CaseEvent): ReturnType<typeof decide> {
    const d = decide(this.state, event, this.now);
    if (!d.ignored) {
      this.state = d.state as CaseState;
      this.record(d.commands);
    }
    return d;
  }

  /** The department of an open item answers. */
  answer(itemId: string, answer: Exclude<Answer, "hold">): ReturnType<typeof decide> {
    const task = this.open.get(itemId);
    if (!task) throw new Error(`${itemId} is not open; open: ${[...this.open.keys()].join(", ")}`);
    const item = itemDefinition(this.bundle, itemId) as Bundle["items"][number];
    const result: ItemResult =
      "complete" in answer
        ? { outcome: "completed", outputs: autoOutputs(item, answer.complete) }
        : "reject" in answer
          ? { outcome: "rejected", reason: answer.reject }
          : {
              outcome: "needs_supplement",
              reason: "材料不全",
              requested: [{ field: answer.ask, description: "请补充" }],
            };
    this.open.delete(itemId);
    const d = this.apply({
      type: "ItemResultReceived",
      eventId: `r${this.n++}`,
      caseId: task.caseId,
      itemId,
      department: task.department,
      attempt: task.attempt,
      result,
    });
    expect(d.ignored).toBeUndefined();
    return d;
  }

  supplement(itemId: string, answers: Record<string, unknown>): ReturnType<typeof decide> {
    const s = this.state.items[itemId];
    const d = this.apply({
      type: "SupplementProvided",
      eventId: `s${this.n++}`,
      caseId: this.state.caseId,
      itemId,
      attempt: s?.attempt ?? 0,
      answers,
    });
    expect(d.ignored).toBeUndefined();
    return d;
  }

  /** Every department answers what is open (per the script, completing by default) until nothing is left. */
  runToEnd(script: Record<string, Answer> = {}): this {
    for (let guard = 0; guard < 200; guard++) {
      const next = [...this.open.keys()].find((id) => script[id] !== "hold");
      if (!next) break;
      const answer = script[next] ?? { complete: {} };
      if (answer === "hold") continue;
      this.answer(next, answer);
      if ("ask" in answer) delete script[next];
    }
    return this;
  }

  /** A source system's event about the case's person reaches the case (a rule's notify, carrying the event). */
  noteEvent(data: DataEvent, source = "health-birth-registry"): ReturnType<typeof decide> {
    return this.apply({
      type: "SubjectEventNoted",
      eventId: `n${this.n++}`,
      caseId: this.state.caseId,
      eventType: data.type,
      source,
      sourceEventId: data.sourceEventId,
      note: { zh: "部门系统通报", en: "Noted from a source" },
      data,
    });
  }

  /** The sweeper finds a wait (or a task) past its due time, at `at`. */
  overdue(itemId: string, at: Date): ReturnType<typeof decide> {
    this.now = at;
    return this.apply({
      type: "ItemOverdue",
      eventId: `o${this.n++}`,
      caseId: this.state.caseId,
      itemId,
      attempt: this.state.items[itemId]?.attempt ?? 0,
    });
  }

  /** Items waiting for a data event. */
  waiting(): string[] {
    return Object.values(this.state.items)
      .filter((s) => s.status === "waiting")
      .map((s) => s.itemId);
  }

  dispatched(): string[] {
    return this.commands.filter((c): c is DispatchItem => c.type === "DispatchItem").map((c) => c.itemId);
  }

  statusOf(itemId: string) {
    return this.state.items[itemId]?.status;
  }
}
