import {
  type CaseEvent,
  type CaseState,
  type Command,
  createDecide,
  type ReviseItemDeadline,
  WorkingCalendar,
} from "@onething/domain";
import { describe, expect, it } from "vitest";
import {
  calendar,
  completed,
  dispatches,
  miniApplication,
  miniCatalogue,
  noticeOf,
  submitted,
} from "./fixtures.ts";

const catalogue = miniCatalogue();
const decideWith = (c: WorkingCalendar) => createDecide({ catalogue, calendar: c });
const decide = decideWith(calendar);
const at = (iso: string) => new Date(iso);

const revised = (caseId: string, year = 2027): CaseEvent => ({
  type: "CalendarRevised",
  eventId: `calendar:${year}:v1:${caseId}`,
  caseId,
  year,
});
const revisions = (commands: readonly Command[]) =>
  commands.filter((c): c is ReviseItemDeadline => c.type === "ReviseItemDeadline");
const timelineKinds = (commands: readonly Command[]) =>
  commands.flatMap((c) => (c.type === "RecordTimeline" ? [c.entry.kind] : []));

/** 2027's notice with Spring Festival from 5 to 13 February and two weekend days worked. */
const notice2027 = noticeOf(
  2027,
  ["春节", "Spring Festival"],
  { from: "2027-02-05", to: "2027-02-13", makeUpWorkdays: ["2027-01-31", "2027-02-20"] },
  "国务院办公厅关于2027年部分节假日安排的通知（测试）",
);

/** A mini case submitted at `when`, its certificate completed so the 10-day bank inquiry is out (after household). */
function caseAt(when: string): CaseState {
  const submittedState = decide(undefined, submitted("C-1", miniApplication()), at(when)).state as CaseState;
  return decide(
    submittedState,
    completed(submittedState, "cert-hospital", { certificateNumber: "N-1" }),
    at(when),
  ).state as CaseState;
}

describe("deadlines in a year without a published notice", () => {
  it("are dispatched with the provisional mark on the item and in the command", () => {
    // Thursday 31 December 2026: household cancellation (2 working days) is due in 2027.
    const { state, commands } = decide(
      undefined,
      submitted("C-1", miniApplication()),
      at("2026-12-31T10:00:00+08:00"),
    );
    const certificate = dispatches(commands).find((d) => d.itemId === "cert-hospital");
    expect(certificate).toMatchObject({ dueAt: "2027-01-04T16:00:00.000Z", dueProvisional: true });
    expect(state?.items["cert-hospital"]).toMatchObject({
      dueAt: "2027-01-04T16:00:00.000Z",
      dueProvisional: true,
      dueProvisionalYears: [2027],
    });
  });

  it("are official once every day counted has a notice", () => {
    const { state, commands } = decide(
      undefined,
      submitted("C-1", miniApplication()),
      at("2026-03-02T10:00:00+08:00"),
    );
    expect(dispatches(commands)[0]?.dueProvisional).toBe(false);
    expect(state?.items["cert-hospital"]?.dueProvisional).toBeUndefined();
  });

  it("never fail an accepted event: beyond every calendar the item goes out without a deadline, flagged", () => {
    const { state, commands, ignored } = decide(
      undefined,
      submitted("C-9", miniApplication()),
      at("9999-12-31T10:00:00+08:00"),
    );
    expect(ignored).toBeUndefined();
    const [certificate] = dispatches(commands);
    expect(certificate?.dueAt).toBeUndefined();
    expect(state?.items["cert-hospital"]).toMatchObject({ status: "dispatched", dueUnavailable: true });
    expect(timelineKinds(commands)).toContain("item_deadline_unavailable");
  });
});

describe("CalendarRevised", () => {
  it("counts running deadlines again with the notice, records old and new, and tells the department", () => {
    // Friday 29 January 2027: the bank inquiry (10 working days) runs through Spring Festival.
    const before = caseAt("2027-01-29T10:00:00+08:00");
    const household = before.items.household;
    expect(household).toMatchObject({ status: "dispatched", dueProvisional: true });
    const officialDecide = decideWith(calendar.withYears([notice2027]));

    const { state, commands } = officialDecide(before, revised("C-1"), at("2027-01-30T09:00:00+08:00"));

    // Household cancellation: 2 working days from Friday 29 January — the worked Sunday 31 January now counts.
    expect(state?.items.household).toMatchObject({ dueAt: "2027-02-01T16:00:00.000Z" });
    expect(state?.items.household?.dueProvisional).toBeUndefined();
    expect(revisions(commands)).toContainEqual({
      type: "ReviseItemDeadline",
      caseId: "C-1",
      itemId: "household",
      department: "public-security",
      attempt: 1,
      dueAt: "2027-02-01T16:00:00.000Z",
      previousDueAt: household?.dueAt,
      dueProvisional: false,
    });
    const entry = commands.find((c) => c.type === "RecordTimeline" && c.entry.kind === "deadline_revised");
    expect(entry?.type === "RecordTimeline" && entry.entry.detail).toBe(
      `2027: due ${household?.dueAt} (provisional) → 2027-02-01T16:00:00.000Z`,
    );
  });

  it("changes nothing when replayed or when no deadline moves", () => {
    const before = caseAt("2027-01-29T10:00:00+08:00");
    const officialDecide = decideWith(calendar.withYears([notice2027]));
    const once = officialDecide(before, revised("C-1"), at("2027-01-30T09:00:00+08:00"));
    const again = officialDecide(once.state, revised("C-1"), at("2027-01-30T09:05:00+08:00"));
    expect(again.ignored?.reason).toBe("deadlines_unchanged");
    expect(again.commands).toEqual([]);
    expect(again.state).toBe(once.state);
    // The same calendar as at dispatch: nothing to revise either.
    expect(decide(before, revised("C-1"), at("2027-01-30T09:00:00+08:00")).ignored?.reason).toBe(
      "deadlines_unchanged",
    );
  });

  it("recomputes overdue: a flag the new deadline no longer justifies is cleared, a deadline now past escalates", () => {
    const before = caseAt("2027-01-29T10:00:00+08:00");
    const due = before.items.household?.dueAt as string;
    const lateBy = new Date(Date.parse(due) + 60_000);
    const flagged = decide(
      before,
      { type: "ItemOverdue", eventId: "o-1", caseId: "C-1", itemId: "household", attempt: 1 },
      lateBy,
    ).state as CaseState;
    expect(flagged.items.household?.overdue).toBe(true);

    // A notice that gives 1–2 February off moves the deadline past `lateBy`: no longer overdue.
    const later = decideWith(
      calendar.withYears([
        {
          year: 2027,
          source: "test",
          holidays: [
            { name: { zh: "测试", en: "Test" }, from: "2027-02-01", to: "2027-02-02", makeUpWorkdays: [] },
          ],
        },
      ]),
    )(flagged, revised("C-1"), lateBy);
    expect(later.state?.items.household?.overdue).toBe(false);
    expect(later.commands.map((c) => c.type)).not.toContain("EscalateOverdueItem");

    // The 2027 notice with a worked Sunday brings the deadline forward, to before `now`: escalated at once.
    const sooner = decideWith(calendar.withYears([notice2027]))(
      before,
      revised("C-1"),
      at("2027-02-02T09:00:00+08:00"),
    );
    expect(sooner.state?.items.household?.overdue).toBe(true);
    expect(sooner.commands.map((c) => c.type)).toContain("EscalateOverdueItem");
  });

  it("gives a deadline to an item dispatched without one once a calendar covers it", () => {
    const noRule = WorkingCalendar.fromData([{ year: 2026, source: "x", holidays: [] }], {
      provisional: false,
    });
    const before = createDecide({ catalogue, calendar: noRule })(
      undefined,
      submitted("C-2", miniApplication()),
      at("2026-12-31T10:00:00+08:00"),
    ).state as CaseState;
    expect(before.items["cert-hospital"]?.dueUnavailable).toBe(true);

    const { state } = decide(before, revised("C-2"), at("2026-12-31T11:00:00+08:00"));
    expect(state?.items["cert-hospital"]).toMatchObject({
      dueAt: "2027-01-04T16:00:00.000Z",
      dueProvisional: true,
    });
    expect(state?.items["cert-hospital"]?.dueUnavailable).toBeUndefined();
  });
});
