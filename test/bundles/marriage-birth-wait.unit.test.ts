import type { Command, NotifyApplicant, TimelineEntry } from "@onething/domain";
import { describe, expect, it } from "vitest";
import { Scenario } from "../support/scenario.ts";
import { childBorn, withdrawal } from "./events.ts";

const BIRTH_ITEMS = [
  "newborn-household-registration",
  "vaccination-certificate",
  "newborn-medical-insurance",
  "social-security-card",
  "maternity-benefit",
  "childcare-subsidy",
];

/** The engaged, expecting couple of the samples, married and registered, now waiting for the birth. */
function expecting(): Scenario {
  return new Scenario("marriage-birth-household", "mbh-engaged-expecting").runToEnd();
}

const mother = (s: Scenario) => ({
  idNumber: String(s.state.application.applicant.idNumber),
  name: String(s.state.application.applicant.name),
});

const entries = (commands: Command[]): TimelineEntry[] =>
  commands.flatMap((c) => (c.type === "RecordTimeline" ? [c.entry] : []));

describe("婚育户 v2: an expecting couple's case waits for the birth", () => {
  it("runs on v2 and waits, unfinished, after the marriage and birth registrations, never dispatching the wait", () => {
    const s = expecting();
    expect(s.state.bundleVersion).toBe(2);
    expect(s.statusOf("marriage-registration")).toBe("completed");
    expect(s.statusOf("birth-registration")).toBe("completed");
    expect(s.waiting()).toEqual(["await-birth"]);
    expect(s.state.status).toBe("in_progress");
    for (const id of BIRTH_ITEMS) expect(s.statusOf(id), id).toBe("pending");
    expect(s.dispatched()).not.toContain("await-birth");
    // 60 calendar days after the expected due date (2026-06-30), at 24:00 Beijing.
    expect(s.state.items["await-birth"]).toMatchObject({ attempt: 1, dueAt: "2026-08-29T16:00:00.000Z" });
    expect(entries(s.commands).find((e) => e.kind === "item_waiting")).toMatchObject({
      itemId: "await-birth",
      deadline: { dueAt: "2026-08-29T16:00:00.000Z", provisional: false },
    });
  });

  it("continues on ChildBorn: the birth certificate number from the event reaches the birth items", () => {
    const s = expecting();
    const d = s.noteEvent(childBorn(mother(s)));
    expect(d.ignored).toBeUndefined();
    expect(s.state.items["await-birth"]).toMatchObject({
      status: "completed",
      outputs: { birthCertificateNumber: "Q330212260627", dateOfBirth: "2026-06-27", childName: "徐小满" },
    });
    expect(entries(d.commands).find((e) => e.kind === "item_completed")?.detail).toContain(
      "ChildBorn from health-birth-registry (birth-2026-000417)",
    );
    const household = s.open.get("newborn-household-registration");
    expect(household?.inputs.outputs).toMatchObject({
      "await-birth.birthCertificateNumber": "Q330212260627",
      "await-birth.dateOfBirth": "2026-06-27",
      "await-birth.childName": "徐小满",
    });
    expect(s.open.get("vaccination-certificate")?.inputs.outputs).toMatchObject({
      "await-birth.birthCertificateNumber": "Q330212260627",
    });
    s.runToEnd();
    expect(s.state.status).toBe("completed");
    for (const id of BIRTH_ITEMS) expect(s.statusOf(id), id).toBe("completed");
    // The certificate exists: the hospital is not asked for it again.
    expect(s.statusOf("birth-medical-certificate")).toBe("skipped");
    expect(s.dispatched()).not.toContain("birth-medical-certificate");
  });

  it("a child born before 2022 gets no childcare subsidy (the date test reads the wait's date of birth)", () => {
    const s = expecting();
    s.noteEvent(childBorn(mother(s), { child: { birthDate: "2021-12-30" } }));
    s.runToEnd();
    expect(s.statusOf("childcare-subsidy")).toBe("skipped");
    expect(s.statusOf("newborn-household-registration")).toBe("completed");
  });

  it("a replayed birth, or an event of another type, changes no item", () => {
    const s = expecting();
    const born = childBorn(mother(s));
    s.noteEvent(born);
    const items = structuredClone(s.state.items);
    const again = s.noteEvent(born);
    expect(again.commands.filter((c) => c.type === "DispatchItem")).toEqual([]);
    expect(s.state.items).toEqual(items);

    const other = expecting();
    const died = {
      type: "PersonDied" as const,
      schemaVersion: 1 as const,
      sourceEventId: "dmc-1",
      occurredAt: "2026-03-02T09:00:00+08:00",
      person: mother(other),
      diedOn: "2026-03-01",
    };
    other.noteEvent(died, "health-death-registry");
    expect(other.waiting()).toEqual(["await-birth"]);
  });

  it("times out telling the applicant, skips the birth items and completes the case", () => {
    const s = expecting();
    const early = s.overdue("await-birth", new Date("2026-08-29T15:59:59Z"));
    expect(early.ignored?.reason).toBe("not_yet_due");
    const d = s.overdue("await-birth", new Date("2026-08-29T16:00:01Z"));
    expect(d.ignored).toBeUndefined();
    expect(s.state.items["await-birth"]).toMatchObject({ status: "skipped", skipReason: "wait_timed_out" });
    expect(s.state.items["await-birth"]?.dueAt).toBeUndefined();
    expect(entries(d.commands).map((e) => e.kind)).toContain("item_wait_timed_out");
    const told = d.commands.filter((c): c is NotifyApplicant => c.type === "NotifyApplicant");
    expect(told.map((n) => [n.kind, n.itemId])).toContainEqual(["wait_timed_out", "await-birth"]);
    for (const id of BIRTH_ITEMS) expect(s.statusOf(id), id).toBe("skipped");
    expect(s.state.status).toBe("completed");
    // The birth after the timeout finds the case closed: nothing changes.
    expect(s.noteEvent(childBorn(mother(s))).ignored?.reason).toBe("case_closed");
    // A second sweep changes nothing either.
    expect(s.overdue("await-birth", new Date("2026-09-01T00:00:00Z")).ignored?.reason).toBe("case_closed");
  });

  it("withdrawn while waiting: the wait is cancelled and no department is told of it", () => {
    const s = expecting();
    const d = s.apply(withdrawal(s.state.caseId, "不再办理", "tester"));
    expect(s.state.status).toBe("withdrawn");
    expect(s.statusOf("await-birth")).toBe("cancelled");
    expect(d.commands.filter((c) => c.type === "CancelItem")).toEqual([]);
  });

  it("a couple whose baby is born applies as before: the wait is skipped at once", () => {
    const s = new Scenario("marriage-birth-household", "mbh-born-then-married");
    expect(s.state.items["await-birth"]).toMatchObject({ status: "skipped", skipReason: "condition_false" });
  });
});
