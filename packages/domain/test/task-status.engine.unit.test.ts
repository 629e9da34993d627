/**
 * Status reports (`accepted`, `in_progress`), transfers between offices of one department, and escalation up the
 * jurisdiction tree (a second escalation further up), decided by the pure engine: no mocks, time passed in.
 */
import {
  type CaseEvent,
  type CaseState,
  type Command,
  createDecide,
  type Decision,
  type ItemStatusReported,
  type ItemTransferRequested,
  loadCatalogue,
} from "@onething/domain";
import { describe, expect, it } from "vitest";
import { calendar } from "./fixtures.ts";
import { at, dispatches, JIANGSHAN, placeData, submission, WUXIANG } from "./places-fixtures.ts";

const decide = placeDecide();
const T = at("2025-03-03");
const YINZHOU = "330212";
const HAISHU = "330203";
const NINGBO = "330200";

function placeDecide(supervisor?: string) {
  const data = placeData((d) => {
    if (!supervisor) return;
    const departments = (d.departments as { departments: { id: string; escalation?: object }[] }).departments;
    const realEstate = departments.find((x) => x.id === "real-estate");
    if (realEstate) realEstate.escalation = { supervisor, secondAfterWorkingDays: 2 };
  });
  return createDecide({ catalogue: loadCatalogue(data), calendar });
}

/** A Wuxiang case: its property item goes to real estate at Yinzhou (the district over the case place). */
function opened(d = decide): CaseState {
  const state = d(undefined, submission(WUXIANG), T).state as CaseState;
  expect(state.items.property).toMatchObject({ status: "dispatched", attempt: 1, department: "real-estate" });
  expect(state.items.property?.office?.jurisdiction).toBe(YINZHOU);
  return state;
}

const report = (
  state: CaseState,
  status: "accepted" | "in_progress",
  expectedBy?: string,
): ItemStatusReported => ({
  type: "ItemStatusReported",
  eventId: `status:${status}:${expectedBy ?? "-"}`,
  caseId: state.caseId,
  itemId: "property",
  department: "real-estate",
  attempt: state.items.property?.attempt ?? 0,
  status,
  ...(expectedBy ? { expectedBy } : {}),
});

const transfer = (
  state: CaseState,
  to: string,
  attempt = state.items.property?.attempt ?? 0,
): ItemTransferRequested => ({
  type: "ItemTransferRequested",
  eventId: `transfer:${to}:${attempt}`,
  caseId: state.caseId,
  itemId: "property",
  department: "real-estate",
  attempt,
  to,
  reason: "property lies in Haishu",
});

const overdue = (state: CaseState, eventId: string): CaseEvent => ({
  type: "ItemOverdue",
  eventId,
  caseId: state.caseId,
  itemId: "property",
  attempt: state.items.property?.attempt ?? 0,
});

const entries = (d: Decision) => d.commands.flatMap((c) => (c.type === "RecordTimeline" ? [c.entry] : []));
const ofType = <T extends Command["type"]>(commands: Command[], type: T) =>
  commands.filter((c): c is Extract<Command, { type: T }> => c.type === type);

describe("status reports before the result", () => {
  it("records accepted, then in progress with an expected date, on the item and the timeline", () => {
    const state = opened();
    const accepted = decide(state, report(state, "accepted"), at("2025-03-04"));
    expect(accepted.ignored).toBeUndefined();
    expect(accepted.state?.items.property?.progress).toEqual({
      status: "accepted",
      at: at("2025-03-04").toISOString(),
    });
    expect(entries(accepted)).toEqual([
      expect.objectContaining({
        kind: "item_accepted",
        itemId: "property",
        attempt: 1,
        progress: { status: "accepted" },
      }),
    ]);
    const working = decide(accepted.state, report(state, "in_progress", "2025-03-07"), at("2025-03-05"));
    expect(working.state?.items.property?.progress).toMatchObject({
      status: "in_progress",
      expectedBy: "2025-03-07",
    });
    expect(entries(working)[0]).toMatchObject({
      kind: "item_in_progress",
      progress: { status: "in_progress", expectedBy: "2025-03-07" },
    });
    // A new expected date is a new report; the deadline is untouched.
    const later = decide(working.state, report(state, "in_progress", "2025-03-10"), at("2025-03-06"));
    expect(later.state?.items.property?.progress?.expectedBy).toBe("2025-03-10");
    expect(later.state?.items.property?.dueAt).toBe(state.items.property?.dueAt);
    expect(later.commands.filter((c) => c.type !== "RecordTimeline")).toEqual([]);
  });

  it("is idempotent, never goes back to accepted, and is ignored after the result or for another attempt", () => {
    const state = opened();
    const accepted = decide(state, report(state, "accepted"), T).state as CaseState;
    expect(decide(accepted, { ...report(state, "accepted"), eventId: "again" }, T).ignored?.reason).toBe(
      "status_unchanged",
    );
    const working = decide(accepted, report(state, "in_progress"), T).state as CaseState;
    expect(decide(working, report(state, "accepted"), T).ignored?.reason).toBe("status_unchanged");
    expect(decide(working, { ...report(state, "in_progress"), attempt: 2 }, T).ignored?.reason).toBe(
      "stale_attempt",
    );
    expect(decide(working, { ...report(state, "in_progress"), department: "banks" }, T).ignored?.reason).toBe(
      "wrong_department",
    );
    const done = decide(
      working,
      {
        type: "ItemResultReceived",
        eventId: "done",
        caseId: state.caseId,
        itemId: "property",
        department: "real-estate",
        attempt: 1,
        result: { outcome: "completed", outputs: {} },
      },
      T,
    ).state as CaseState;
    expect(done.items.property?.status).toBe("completed");
    expect(decide(done, { ...report(state, "in_progress", "2025-04-01") }, T).ignored?.reason).toBe(
      "item_not_open",
    );
  });
});

describe("transfer to another office of the department", () => {
  it("moves the task to a sibling office: a new attempt there, the old office told, the deadline kept", () => {
    const state = opened();
    const accepted = decide(state, report(state, "accepted"), T).state as CaseState;
    const moved = decide(accepted, transfer(accepted, HAISHU), at("2025-03-05"));
    expect(moved.ignored).toBeUndefined();
    const item = moved.state?.items.property;
    expect(item).toMatchObject({
      status: "dispatched",
      attempt: 2,
      dueAt: state.items.property?.dueAt,
      dispatchedAt: state.items.property?.dispatchedAt,
      office: { jurisdiction: HAISHU, path: "000000/330000/330200/330203", rule: "case" },
      transfers: [
        {
          from: { jurisdiction: YINZHOU, path: "000000/330000/330200/330212" },
          to: { jurisdiction: HAISHU, path: "000000/330000/330200/330203" },
          at: at("2025-03-05").toISOString(),
          attempt: 2,
          reason: "property lies in Haishu",
        },
      ],
    });
    expect(item?.progress).toBeUndefined();
    expect(ofType(moved.commands, "CancelItem")).toEqual([
      expect.objectContaining({
        attempt: 1,
        reason: "transferred",
        office: { jurisdiction: YINZHOU, path: "000000/330000/330200/330212" },
        transferredTo: { jurisdiction: HAISHU, path: "000000/330000/330200/330203" },
      }),
    ]);
    const [sent] = dispatches(moved.commands);
    expect(sent).toMatchObject({
      itemId: "property",
      department: "real-estate",
      attempt: 2,
      dueAt: state.items.property?.dueAt,
      office: { jurisdiction: HAISHU },
      transferredFrom: { jurisdiction: YINZHOU },
    });
    expect(entries(moved)).toEqual([
      expect.objectContaining({
        kind: "item_transferred",
        attempt: 2,
        office: HAISHU,
        transfer: { from: YINZHOU, to: HAISHU },
        detail: `from ${YINZHOU} to ${HAISHU}`,
      }),
    ]);
    // The old attempt is gone: its answers, reports and a second transfer are stale.
    const old = { ...transfer(state, NINGBO, 1), eventId: "t-old" };
    expect(decide(moved.state, old, T).ignored?.reason).toBe("stale_attempt");
  });

  it("allows an office above (its jurisdiction covers the case place); refuses the rest with transfer_not_allowed", () => {
    const state = opened();
    expect(decide(state, transfer(state, NINGBO), T).state?.items.property?.office?.jurisdiction).toBe(
      NINGBO,
    );
    for (const [to, detail] of [
      [YINZHOU, "already at"],
      ["330212101", "no office at the town level"],
      ["341502", "neither covers the case place nor is a sibling"],
      ["330212999", "no place 330212999"],
    ] as const) {
      const d = decide(state, transfer(state, to), T);
      expect(d.ignored?.reason, to).toBe("transfer_not_allowed");
      expect(d.ignored?.detail).toContain(detail);
    }
  });
});

describe("transfer of a delegated approval", () => {
  it("goes only to a town that holds the delegation", () => {
    const submitted = decide(undefined, submission(JIANGSHAN), T).state as CaseState;
    const intake: CaseEvent = {
      type: "ItemResultReceived",
      eventId: "intake-done",
      caseId: submitted.caseId,
      itemId: "intake",
      department: "town-office",
      attempt: 1,
      result: { outcome: "completed", outputs: {} },
    };
    const state = decide(submitted, intake, T).state as CaseState;
    expect(state.items.approval?.office).toMatchObject({ jurisdiction: JIANGSHAN, rule: "delegated" });
    const d = decide(
      state,
      {
        type: "ItemTransferRequested",
        eventId: "t-approval",
        caseId: state.caseId,
        itemId: "approval",
        department: "town-office",
        attempt: 1,
        to: WUXIANG,
      },
      T,
    );
    expect(d.ignored).toMatchObject({ reason: "transfer_not_allowed" });
    expect(d.ignored?.detail).toContain("does not hold the delegated approval");
  });
});

describe("escalation up the jurisdiction tree", () => {
  const late = at("2025-03-11");

  it("escalates to the department's office one level up, and again further up after the configured working days", () => {
    const d = placeDecide("civil-affairs");
    const state = opened(d);
    const first = d(state, overdue(state, "o1"), late);
    expect(ofType(first.commands, "EscalateOverdueItem")).toEqual([
      expect.objectContaining({
        department: "real-estate",
        level: 1,
        to: { department: "real-estate", jurisdiction: NINGBO, path: "000000/330000/330200", rule: "up" },
        heldBy: { jurisdiction: YINZHOU, path: "000000/330000/330200/330212" },
      }),
    ]);
    const item = first.state?.items.property;
    expect(item).toMatchObject({
      overdue: true,
      escalations: 1,
      escalatedTo: { level: 1, jurisdiction: NINGBO },
    });
    // Two working days from Tue 11 Mar: the end of Thu 13 Mar (Beijing).
    expect(item?.escalateAgainAt).toBe(new Date("2025-03-13T24:00:00+08:00").toISOString());
    expect(entries(first).find((e) => e.kind === "item_overdue")?.escalation).toEqual({
      level: 1,
      department: "real-estate",
      office: NINGBO,
    });

    expect(d(first.state, overdue(state, "o2"), at("2025-03-12")).ignored?.reason).toBe("not_yet_due");
    const second = d(first.state, overdue(state, "o3"), at("2025-03-14"));
    expect(ofType(second.commands, "EscalateOverdueItem")).toEqual([
      expect.objectContaining({
        level: 2,
        to: {
          department: "civil-affairs",
          jurisdiction: NINGBO,
          path: "000000/330000/330200",
          rule: "supervisor",
        },
      }),
    ]);
    expect(entries(second).map((e) => [e.kind, e.escalation])).toEqual([
      ["item_escalated", { level: 2, department: "civil-affairs", office: NINGBO }],
    ]);
    expect(second.state?.items.property).toMatchObject({ escalations: 2, escalatedTo: { level: 2 } });
    expect(second.state?.items.property?.escalateAgainAt).toBeUndefined();
    expect(d(second.state, overdue(state, "o4"), at("2025-03-20")).ignored?.reason).toBe("already_escalated");
  });

  it("without an office above or a supervisor, escalates once, to the office itself", () => {
    const state = opened();
    const first = decide(state, overdue(state, "o1"), late);
    expect(first.state?.items.property?.escalateAgainAt).toBeUndefined();
    const d = decide(first.state, overdue(state, "o2"), at("2025-03-20"));
    expect(d.ignored?.reason).toBe("already_escalated");
    // The town office has no level above the town and no supervisor: its own office is told.
    const intakeLate = decide(
      state,
      { type: "ItemOverdue", eventId: "oi", caseId: state.caseId, itemId: "intake", attempt: 1 },
      late,
    );
    expect(ofType(intakeLate.commands, "EscalateOverdueItem")[0]?.to).toEqual({
      department: "town-office",
      jurisdiction: WUXIANG,
      path: "000000/330000/330200/330212/330212102",
      rule: "same",
    });
  });

  it("a transfer keeps the overdue item's escalation: the deadline does not restart", () => {
    const state = opened();
    const first = decide(state, overdue(state, "o1"), late).state as CaseState;
    const moved = decide(first, transfer(first, HAISHU), at("2025-03-12")).state as CaseState;
    expect(moved.items.property).toMatchObject({
      overdue: true,
      escalations: 1,
      dueAt: state.items.property?.dueAt,
    });
  });
});
