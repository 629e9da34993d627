import {
  type CaseEvent,
  type CaseState,
  type Command,
  createDecide,
  type DataEvent,
  DataEventSchema,
  loadCatalogue,
  type TimelineEntry,
} from "@onething/domain";
import { describe, expect, it } from "vitest";
import { calendar } from "./fixtures.ts";
import { born, FATHER_ID, familyApplication, waitOfferData } from "./wait-offer-fixtures.ts";

const decide = createDecide({ catalogue: loadCatalogue(waitOfferData()), calendar });
const NOW = new Date("2026-03-02T10:00:00+08:00");

const entries = (commands: Command[]): TimelineEntry[] =>
  commands.flatMap((c) => (c.type === "RecordTimeline" ? [c.entry] : []));

function submitted(dueDate?: string): CaseState {
  const d = decide(
    undefined,
    {
      type: "ApplicationSubmitted",
      eventId: "submit",
      caseId: "OT-20260302-FAMILY0001",
      bundleId: "family",
      application: familyApplication(dueDate),
      channel: "online",
      filedBy: { role: "citizen", id: "c1" },
    },
    NOW,
  );
  expect(d.ignored).toBeUndefined();
  return d.state as CaseState;
}

const noted = (data?: DataEvent, eventId = "note-1"): CaseEvent => ({
  type: "SubjectEventNoted",
  eventId,
  caseId: "OT-20260302-FAMILY0001",
  eventType: "ChildBorn",
  source: "birth-registry",
  sourceEventId: "birth-1",
  note: { zh: "已出生", en: "born" },
  ...(data ? { data } : {}),
});

const overdue = (attempt = 1): CaseEvent => ({
  type: "ItemOverdue",
  eventId: "wait-timeout:OT-20260302-FAMILY0001:await",
  caseId: "OT-20260302-FAMILY0001",
  itemId: "await",
  attempt,
});

describe("a wait item", () => {
  it("waits from the later of today and its `from` date: no dispatch, the case open, its dependents pending", () => {
    const d = decide(
      undefined,
      {
        type: "ApplicationSubmitted",
        eventId: "submit",
        caseId: "OT-20260302-FAMILY0001",
        bundleId: "family",
        application: familyApplication("2026-04-01"),
        channel: "online",
        filedBy: { role: "citizen", id: "c1" },
      },
      NOW,
    );
    const state = d.state as CaseState;
    expect(state.status).toBe("in_progress");
    expect(state.items.await).toMatchObject({
      status: "waiting",
      attempt: 1,
      dispatchedAt: NOW.toISOString(),
      dueAt: "2026-04-11T16:00:00.000Z", // 24:00 Beijing of 2026-04-01, plus 10 days
    });
    expect(state.items.register?.status).toBe("pending");
    expect(state.items["notify-school"]?.status).toBe("pending");
    expect(d.commands.filter((c) => c.type === "DispatchItem")).toEqual([]);
    expect(entries(d.commands).find((e) => e.kind === "item_waiting")).toMatchObject({
      itemId: "await",
      department: "health",
      deadline: { dueAt: "2026-04-11T16:00:00.000Z", provisional: false },
      // The wait as data, for pages to word (the detail is English for raw readers).
      wait: { event: "ChildBorn" },
    });
    // A due date already past counts from today; none at all too.
    expect(submitted("2026-01-01").items.await?.dueAt).toBe("2026-03-12T16:00:00.000Z");
    expect(submitted().items.await?.dueAt).toBe("2026-03-12T16:00:00.000Z");
  });

  it("completes from the event the note carries, with the mapped outputs, and the case goes on", () => {
    const event = DataEventSchema.parse(born({ father: { idNumber: FATHER_ID, name: "李强" } }));
    const d = decide(submitted(), noted(event), NOW);
    const state = d.state as CaseState;
    expect(state.items.await).toMatchObject({
      status: "completed",
      outputs: { certificate: "Q1", born: "2026-03-09", childName: "王小宝" },
    });
    expect(state.items.await?.dueAt).toBeUndefined();
    const kinds = entries(d.commands).map((e) => e.kind);
    expect(kinds.slice(0, 2)).toEqual(["subject_event_noted", "item_completed"]);
    expect(entries(d.commands)[1]?.detail).toBe("by ChildBorn from birth-registry (birth-1)");
    expect(entries(d.commands)[1]?.wait).toEqual({
      event: "ChildBorn",
      source: "birth-registry",
      sourceEventId: "birth-1",
    });
    const dispatched = d.commands.flatMap((c) => (c.type === "DispatchItem" ? [c] : []));
    expect(dispatched.map((c) => c.itemId)).toEqual(["register", "notify-school"]);
    expect(dispatched[0]?.inputs.outputs).toEqual({ "await.certificate": "Q1" });
    expect(d.commands.filter((c) => c.type === "NotifyApplicant").map((c) => c.kind)).toEqual([
      "subject_event",
      "item_completed",
    ]);
  });

  it("stays waiting on a note without the event, on an event of another type, or one missing a required output", () => {
    const state = submitted();
    expect(decide(state, noted(), NOW).state?.items.await?.status).toBe("waiting");
    const died = DataEventSchema.parse({
      type: "PersonDied",
      schemaVersion: 1,
      sourceEventId: "d1",
      occurredAt: "2026-03-02T09:00:00+08:00",
      person: { idNumber: FATHER_ID, name: "李强" },
      diedOn: "2026-03-01",
    });
    expect(decide(state, noted(died), NOW).state?.items.await?.status).toBe("waiting");
    const nameless = DataEventSchema.parse(
      born({ child: { birthDate: "2026-03-09", birthCertificateNumber: "Q1" } }),
    );
    const d = decide(state, noted(nameless), NOW);
    expect(d.state?.items.await?.status).toBe("waiting");
    const problem = entries(d.commands).find((e) => e.kind === "item_waiting");
    expect(problem?.detail).toMatch(
      /^ChildBorn from birth-registry \(birth-1\) does not complete it: outputs\.childName/,
    );
    expect(d.commands.filter((c) => c.type === "DispatchItem")).toEqual([]);
  });
});

describe("a wait without its event", () => {
  it("times out through ItemOverdue past its due time: skipped, the applicant told, a hard dependent blocked", () => {
    const state = submitted();
    const dueAt = state.items.await?.dueAt as string;
    const early = decide(state, overdue(), new Date(Date.parse(dueAt) - 1000));
    expect(early.ignored?.reason).toBe("not_yet_due");
    expect(decide(state, overdue(2), new Date(Date.parse(dueAt) + 1000)).ignored?.reason).toBe(
      "stale_attempt",
    );
    const d = decide(state, overdue(), new Date(Date.parse(dueAt) + 1000));
    const after = d.state as CaseState;
    expect(after.items.await).toMatchObject({ status: "skipped", skipReason: "wait_timed_out" });
    expect(after.items.register).toMatchObject({ status: "skipped", skipReason: "dependency_not_completed" });
    expect(after.items["notify-school"]?.status).toBe("dispatched");
    expect(entries(d.commands).map((e) => e.kind)).toEqual(
      expect.arrayContaining(["item_wait_timed_out", "item_skipped", "item_dispatched"]),
    );
    // The timeout and the blocked dependent as data: the event awaited, the skip's reason and its blocker.
    expect(entries(d.commands).find((e) => e.kind === "item_wait_timed_out")?.wait).toEqual({
      event: "ChildBorn",
    });
    expect(
      entries(d.commands).find((e) => e.kind === "item_skipped" && e.itemId === "register")?.skip,
    ).toEqual({
      reason: "dependency_not_completed",
      itemId: "await",
      itemStatus: "skipped",
    });
    expect(d.commands).toContainEqual(
      expect.objectContaining({ type: "NotifyApplicant", kind: "wait_timed_out", itemId: "await" }),
    );
    expect(d.commands.filter((c) => c.type === "EscalateOverdueItem")).toEqual([]);
    // The same sweep again, and the late birth: nothing more happens to the wait.
    expect(decide(after, overdue(), new Date(Date.parse(dueAt) + 2000)).ignored?.reason).toBe(
      "item_not_open",
    );
    const late = decide(after, noted(DataEventSchema.parse(born())), new Date(Date.parse(dueAt) + 3000));
    expect(late.state?.items.await).toEqual(after.items.await);
    expect(late.commands.filter((c) => c.type === "DispatchItem")).toEqual([]);
  });

  it("is cancelled on withdrawal, with no department told", () => {
    const d = decide(
      submitted(),
      {
        type: "CaseWithdrawn",
        eventId: "w",
        caseId: "OT-20260302-FAMILY0001",
        reason: "不办了",
        by: { role: "citizen", id: "c1" },
      },
      NOW,
    );
    expect(d.state?.status).toBe("withdrawn");
    expect(d.state?.items.await?.status).toBe("cancelled");
    expect(d.state?.items.await?.dueAt).toBeUndefined();
    expect(d.commands.filter((c) => c.type === "CancelItem")).toEqual([]);
  });

  it("decides alike on replay: the same note twice leaves the items as once", () => {
    const event = DataEventSchema.parse(born());
    const once = decide(submitted(), noted(event), NOW).state as CaseState;
    const twice = decide(once, noted(event, "note-2"), NOW);
    expect(twice.state?.items).toEqual(once.items);
    expect(twice.commands.filter((c) => c.type !== "RecordTimeline" && c.type !== "NotifyApplicant")).toEqual(
      [],
    );
  });
});
