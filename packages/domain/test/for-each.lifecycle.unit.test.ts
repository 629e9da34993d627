import { type CaseEvent, type CaseState, createDecide, WorkingCalendar } from "@onething/domain";
import { describe, expect, it } from "vitest";
import {
  completed,
  dispatches,
  needsSupplement,
  noticeOf,
  rejected,
  supplementFor,
  withdrawal,
} from "./fixtures.ts";
import {
  entitlement,
  forEachBundle,
  forEachCatalogue,
  forEachDecide,
  forEachEngine,
} from "./for-each-bundle.ts";
import { later } from "./mini-engine.ts";

const { decide, apply, started } = forEachEngine();
const two = () => started([entitlement("dibao"), entitlement("gaoling", "health")]).state;
const stopped = (state: CaseState, itemId: string) => completed(state, itemId, { stoppedOn: "2025-10-09" });
const commandsOf = (commands: readonly { type: string }[], type: string) =>
  commands.filter((c) => c.type === type);

describe("instances of a for-each item", () => {
  it("are cancelled at their departments on withdrawal; the for-each item is cancelled without a message", () => {
    const { state, commands } = apply(two(), withdrawal("B1", "改为线下办理", "w1"), later(20));
    expect(state.status).toBe("withdrawn");
    expect(commandsOf(commands, "CancelItem")).toEqual([
      expect.objectContaining({
        itemId: "benefit-stop--dibao",
        department: "hrss",
        reason: "case_withdrawn",
      }),
      expect.objectContaining({
        itemId: "benefit-stop--gaoling",
        department: "health",
        reason: "case_withdrawn",
      }),
    ]);
    for (const id of ["benefit-stop", "benefit-stop--dibao", "benefit-stop--gaoling", "closing-letter"]) {
      expect(state.items[id]?.status, id).toBe("cancelled");
    }
  });

  it("wait for a supplement one by one: the case waits for the applicant, the others go on", () => {
    const asked = apply(
      two(),
      needsSupplement(two(), "benefit-stop--dibao", "bankStatement"),
      later(10),
    ).state;
    expect(asked.status).toBe("awaiting_applicant");
    expect(asked.items["benefit-stop--dibao"]).toMatchObject({ status: "awaiting_supplement", attempt: 1 });
    expect(asked.items["benefit-stop--dibao"]?.dueAt).toBeUndefined();
    expect(asked.items["benefit-stop"]?.status).toBe("running");

    const other = apply(asked, stopped(asked, "benefit-stop--gaoling"), later(11)).state;
    expect(other.items["benefit-stop"]?.status).toBe("running");
    expect(other.status).toBe("awaiting_applicant");

    const resumed = apply(
      other,
      supplementFor("B1", "benefit-stop--dibao", 1, { bankStatement: "doc-9" }, "sup-1"),
      later(12),
    );
    expect(resumed.state.status).toBe("in_progress");
    expect(dispatches(resumed.commands)).toEqual([
      expect.objectContaining({
        itemId: "benefit-stop--dibao",
        department: "hrss",
        attempt: 2,
        supplement: { bankStatement: "doc-9" },
        inputs: expect.objectContaining({
          fields: expect.objectContaining({ "element.code": "dibao", "element.department": "hrss" }),
        }),
      }),
    ]);
    const done = apply(resumed.state, stopped(resumed.state, "benefit-stop--dibao"), later(13)).state;
    expect(done.items["benefit-stop"]?.status).toBe("completed");
    expect(done.items["closing-letter"]?.status).toBe("dispatched");
  });

  it("are escalated one by one when late", () => {
    const state = two();
    const overdue = (itemId: string, eventId: string): CaseEvent => ({
      type: "ItemOverdue",
      eventId,
      caseId: "B1",
      itemId,
      attempt: 1,
    });
    const lateAt = new Date("2025-10-15T09:00:00+08:00");
    const escalated = apply(state, overdue("benefit-stop--gaoling", "o1"), lateAt);
    expect(commandsOf(escalated.commands, "EscalateOverdueItem")).toEqual([
      expect.objectContaining({ itemId: "benefit-stop--gaoling", department: "health", attempt: 1 }),
    ]);
    expect(escalated.state.items["benefit-stop--gaoling"]).toMatchObject({ overdue: true, escalations: 1 });
    expect(escalated.state.items["benefit-stop--dibao"]?.overdue).toBe(false);
    expect(escalated.state.items["benefit-stop"]?.overdue).toBeUndefined();
    expect(decide(escalated.state, overdue("benefit-stop--gaoling", "o2"), lateAt).ignored?.reason).toBe(
      "already_escalated",
    );
  });

  it("change nothing when an event is replayed", () => {
    const state = two();
    const events: CaseEvent[] = [
      stopped(state, "benefit-stop--dibao"),
      rejected(state, "benefit-stop--gaoling"),
      needsSupplement(state, "benefit-stop--gaoling", "x"),
    ];
    for (const event of events) {
      const once = decide(state, event, later(10));
      expect(once.ignored).toBeUndefined();
      const twice = decide(once.state, event, later(11));
      expect(twice.ignored).toBeDefined();
      expect(twice.state).toEqual(once.state);
      expect(twice.commands).toEqual([]);
    }
  });

  it("fail the whole case, one by one, when the for-each item's rejection fails the case", () => {
    const fatal = forEachEngine(forEachDecide(forEachBundle((i) => (i.rejectionFails = "case"))));
    const { state } = fatal.started([entitlement("dibao"), entitlement("gaoling", "health")]);
    const { state: after, commands } = fatal.apply(state, rejected(state, "benefit-stop--dibao"), later(10));
    expect(after.status).toBe("rejected");
    expect(commandsOf(commands, "CancelItem")).toEqual([
      expect.objectContaining({ itemId: "benefit-stop--gaoling", reason: "case_rejected" }),
    ]);
    expect(after.items["benefit-stop"]?.status).toBe("cancelled");
  });

  it("have their deadlines counted again when the calendar is revised", () => {
    const state = two();
    // A revised 2025 notice that makes Thursday 9 October a holiday too: every five-day limit ends a day later.
    const revised = WorkingCalendar.fromData([
      noticeOf(2025, ["国庆节、中秋节", "National Day and Mid-Autumn Festival"], {
        from: "2025-10-01",
        to: "2025-10-09",
        makeUpWorkdays: ["2025-09-28", "2025-10-11"],
      }),
    ]);
    const decideRevised = createDecide({ catalogue: forEachCatalogue(), calendar: revised });
    const event: CaseEvent = { type: "CalendarRevised", eventId: "cal-2025", caseId: "B1", year: 2025 };
    const d = decideRevised(state, event, later(30));
    expect(d.ignored).toBeUndefined();
    const moved = new Date("2025-10-15T24:00:00+08:00").toISOString();
    expect(commandsOf(d.commands, "ReviseItemDeadline")).toEqual([
      expect.objectContaining({ itemId: "benefit-stop--dibao", department: "hrss", dueAt: moved }),
      expect.objectContaining({ itemId: "benefit-stop--gaoling", department: "health", dueAt: moved }),
    ]);
    expect(d.state?.items["benefit-stop--gaoling"]?.dueAt).toBe(moved);
    expect(d.state?.items["benefit-stop"]?.dueAt).toBeUndefined();
  });
});
