/**
 * The second escalation of a still-late item (docs/task-status.md): counted from the office that holds the task now,
 * and scheduled in calendar days where the calendar does not cover the working days. Pure engine, no mocks.
 */
import {
  type CaseEvent,
  type CaseState,
  type Command,
  createDecide,
  type Decision,
  loadCatalogue,
  WorkingCalendar,
} from "@onething/domain";
import { describe, expect, it } from "vitest";
import { calendar, noticeOf } from "./fixtures.ts";
import { at, placeData, submission, WUXIANG } from "./places-fixtures.ts";

const YINZHOU = "330212";
const NINGBO = "330200";
const ZHEJIANG = "330000";

/** Real estate (offices at the city and district) escalates past its city office to civil affairs. */
function decideWith(cal: WorkingCalendar) {
  const data = placeData((d) => {
    const departments = (d.departments as { departments: { id: string; escalation?: object }[] }).departments;
    const realEstate = departments.find((x) => x.id === "real-estate");
    if (realEstate) realEstate.escalation = { supervisor: "civil-affairs", secondAfterWorkingDays: 2 };
  });
  return createDecide({ catalogue: loadCatalogue(data), calendar: cal });
}

/** A Wuxiang case (submitted 2025-03-03): its property item goes to real estate at Yinzhou. */
function opened(decide: ReturnType<typeof decideWith>): CaseState {
  const state = decide(undefined, submission(WUXIANG), at("2025-03-03")).state as CaseState;
  expect(state.items.property?.office?.jurisdiction).toBe(YINZHOU);
  return state;
}

const overdue = (state: CaseState, eventId: string): CaseEvent => ({
  type: "ItemOverdue",
  eventId,
  caseId: state.caseId,
  itemId: "property",
  attempt: state.items.property?.attempt ?? 0,
});
const escalations = (d: Decision) =>
  d.commands.filter(
    (c): c is Extract<Command, { type: "EscalateOverdueItem" }> => c.type === "EscalateOverdueItem",
  );

describe("the second escalation", () => {
  it("after a transfer, goes up from the office that holds the task now", () => {
    const decide = decideWith(calendar);
    const state = opened(decide);
    const first = decide(state, overdue(state, "o1"), at("2025-03-11")).state as CaseState;
    expect(first.items.property?.escalatedTo).toMatchObject({ level: 1, jurisdiction: NINGBO, rule: "up" });
    // Yinzhou hands the late task up to the Ningbo office (its jurisdiction covers Yinzhou's).
    const moved = decide(
      first,
      {
        type: "ItemTransferRequested",
        eventId: "t1",
        caseId: state.caseId,
        itemId: "property",
        department: "real-estate",
        attempt: 1,
        to: NINGBO,
      },
      at("2025-03-12"),
    ).state as CaseState;
    expect(moved.items.property).toMatchObject({ attempt: 2, office: { jurisdiction: NINGBO } });
    const second = decide(moved, overdue(moved, "o2"), at("2025-03-14"));
    // Above Ningbo's real estate is civil affairs at Ningbo (level 1 from there), and above that Zhejiang's.
    expect(escalations(second)).toEqual([
      expect.objectContaining({
        level: 2,
        attempt: 2,
        to: { department: "civil-affairs", jurisdiction: ZHEJIANG, path: "000000/330000", rule: "up" },
        heldBy: { jurisdiction: NINGBO, path: "000000/330000/330200" },
      }),
    ]);
  });

  it("where the calendar ends before the working days do, is scheduled in calendar days, and says so", () => {
    const lastYear = WorkingCalendar.fromData(
      [
        noticeOf(2025, ["国庆节", "National Day"], {
          from: "2025-10-01",
          to: "2025-10-08",
          makeUpWorkdays: [],
        }),
        noticeOf(2026, ["春节", "Spring Festival"], {
          from: "2026-02-15",
          to: "2026-02-23",
          makeUpWorkdays: [],
        }),
      ],
      { provisional: false },
    );
    const decide = decideWith(lastYear);
    const state = opened(decide);
    // Wed 30 Dec 2026: two working days on would reach 2027, which no calendar covers.
    const now = at("2026-12-30");
    expect(lastYear.deadline(now, 2)).toBeUndefined();
    const first = decide(state, overdue(state, "o1"), now);
    const againAt = new Date(now.getTime() + 2 * 86_400_000).toISOString();
    expect(first.state?.items.property?.escalateAgainAt).toBe(againAt);
    const entry = first.commands.find((c) => c.type === "RecordTimeline" && c.entry.kind === "item_overdue");
    expect(entry?.type === "RecordTimeline" && entry.entry.detail).toContain(
      `again at ${againAt} if still late (2 calendar days: no calendar covers the working days)`,
    );
    const early = decide(first.state, overdue(state, "o2"), at("2026-12-31"));
    expect(early.ignored?.reason).toBe("not_yet_due");
    const second = decide(first.state, overdue(state, "o3"), new Date(Date.parse(againAt) + 60_000));
    expect(escalations(second)).toEqual([
      expect.objectContaining({ level: 2, to: expect.objectContaining({ department: "civil-affairs" }) }),
    ]);
  });
});
