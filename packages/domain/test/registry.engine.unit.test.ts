import {
  type CaseEvent,
  type CaseState,
  type Command,
  entitlementChangesOf,
  type RegistrySnapshot,
} from "@onething/domain";
import { describe, expect, it } from "vitest";
import {
  APPLICANT_ID,
  completed,
  DECEASED_ID,
  needsSupplement,
  rejected,
  supplementFor,
  withdrawal,
} from "./fixtures.ts";
import { later, T0 } from "./mini-engine.ts";
import { deathApplication, registryCatalogue, registryDecide } from "./registry-fixtures.ts";

const decide = registryDecide();
const catalogue = registryCatalogue();

const submit = (bundleId: string, application: unknown, registry?: RegistrySnapshot): CaseEvent => ({
  type: "ApplicationSubmitted",
  eventId: `${bundleId}-submit`,
  caseId: "C1",
  bundleId,
  application: application as never,
  channel: "online",
  filedBy: { role: "citizen", id: APPLICANT_ID },
  ...(registry ? { registry } : {}),
});

function apply(state: CaseState | undefined, event: CaseEvent, now = later(5)) {
  const d = decide(state, event, now);
  expect(d.ignored, JSON.stringify(d.ignored)).toBeUndefined();
  return { state: d.state as CaseState, commands: d.commands };
}

const entries = (commands: readonly Command[]) =>
  commands.flatMap((c) => (c.type === "RecordTimeline" ? [c.entry] : []));

/** A death case submitted at T0 whose certificate has completed. */
function certified(application = deathApplication(), registry?: RegistrySnapshot) {
  const { state } = apply(undefined, submit("death", application, registry), T0);
  return apply(state, completed(state, "certificate", { certificateNumber: "DMC-1" }));
}

describe("a registry snapshot on submission", () => {
  it("skips a stop item whose benefit the registry lists at submission, naming it and the stop case, whatever its condition and dependencies", () => {
    const registry: RegistrySnapshot = {
      entitlements: [{ benefit: "pension", status: "stopping", stopCaseId: "S9" }],
    };
    for (const isPensioner of [true, false]) {
      const { state, commands } = decide(
        undefined,
        submit("death", deathApplication(isPensioner), registry),
        T0,
      );
      if (!state) throw new Error("no state");
      expect(state.registry).toEqual(registry);
      expect(state.items["stop-pension"]).toMatchObject({
        status: "skipped",
        skipReason: "registry_handles",
      });
      expect(entries(commands).find((e) => e.itemId === "stop-pension")?.detail).toBe(
        "registry_handles: pension stopping in S9",
      );
    }
  });

  it("dispatches the stop when the registry does not list its benefit, and replays alike", () => {
    const registry: RegistrySnapshot = { entitlements: [{ benefit: "health-card", status: "active" }] };
    const { state } = certified(deathApplication(), registry);
    expect(state.items["stop-pension"]?.status).toBe("dispatched");
    const first = decide(undefined, submit("death", deathApplication(), registry), T0);
    expect(decide(undefined, submit("death", deathApplication(), registry), T0)).toEqual(first);
  });
});

describe("emitting data events", () => {
  it("emits the death record when the certificate completes, as the platform's event of that item", () => {
    const { commands } = certified();
    const emitted = commands.filter((c) => c.type === "EmitDataEvent");
    expect(emitted).toEqual([
      {
        type: "EmitDataEvent",
        caseId: "C1",
        itemId: "certificate",
        event: {
          type: "PersonDied",
          schemaVersion: 1,
          sourceEventId: "case:C1:certificate",
          occurredAt: later(5).toISOString(),
          person: { idNumber: DECEASED_ID, name: "王建国" },
          diedOn: "2025-09-28",
          deathCertificateNumber: "DMC-1",
        },
      },
    ]);
  });

  it("does not emit an event its values do not make valid, and says why on the item's entry", () => {
    const { commands } = certified(deathApplication(true, "2025-10-03"));
    expect(commands.some((c) => c.type === "EmitDataEvent")).toBe(false);
    const entry = entries(commands).find((e) => e.kind === "item_completed" && e.itemId === "certificate");
    expect(entry?.detail).toMatch(/^PersonDied not emitted: diedOn: must not be after/);
  });
});

describe("SubjectEventNoted", () => {
  const noted = (eventId = "note-1"): CaseEvent => ({
    type: "SubjectEventNoted",
    eventId,
    caseId: "C1",
    eventType: "HouseholdRegistrationCancelled",
    source: "household-register",
    sourceEventId: "hr-77",
    note: { zh: "户口已注销", en: "Registration cancelled" },
  });

  it("records the event on an open case and tells the applicant", () => {
    const { state } = apply(undefined, submit("death", deathApplication()), T0);
    const { commands } = apply(state, noted());
    expect(entries(commands)).toEqual([
      expect.objectContaining({
        kind: "subject_event_noted",
        detail: "户口已注销 (HouseholdRegistrationCancelled from household-register, hr-77)",
      }),
    ]);
    expect(commands.filter((c) => c.type === "NotifyApplicant")).toEqual([
      expect.objectContaining({ kind: "subject_event", detail: "户口已注销", status: "in_progress" }),
    ]);
  });

  it("is ignored on a closed case", () => {
    const { state } = apply(undefined, submit("death", deathApplication()), T0);
    const closed = apply(state, withdrawal("C1", "不办了")).state;
    expect(decide(closed, noted(), later(9)).ignored?.reason).toBe("case_closed");
  });
});

describe("entitlementChangesOf", () => {
  const stopsApplication = {
    applicant: { idNumber: DECEASED_ID, name: "王建国" },
    subject: { idNumber: DECEASED_ID, name: "王建国", dateOfDeath: "2025-09-28" },
    answers: {
      entitlements: [
        { benefit: "pension", department: "hrss", since: "2020-01-01" },
        { benefit: "health-card", department: "health", since: "2021-01-01" },
      ],
    },
  };
  const holder = { idNumber: DECEASED_ID, name: "王建国" };
  const changes = (bundleId: string, before: CaseState | undefined, after: CaseState) =>
    entitlementChangesOf(catalogue.bundle(bundleId), before, after).map(
      (c) => `${c.change} ${c.benefit}@${c.department} by ${c.itemId}`,
    );

  it("stops each instance's benefit at its department, ends it on completion, restores it on rejection", () => {
    const submitted = apply(undefined, submit("stops", stopsApplication), T0).state;
    expect(changes("stops", undefined, submitted)).toEqual([
      "stopping pension@hrss by stop--pension",
      "stopping health-card@health by stop--health-card",
    ]);
    expect(entitlementChangesOf(catalogue.bundle("stops"), undefined, submitted)[0]?.holder).toEqual(holder);
    const asked = apply(submitted, needsSupplement(submitted, "stop--pension", "answers.note")).state;
    expect(changes("stops", submitted, asked)).toEqual([]);
    const again = apply(asked, supplementFor("C1", "stop--pension", 1, { "answers.note": "补" })).state;
    expect(again.items["stop--pension"]?.status).toBe("dispatched");
    expect(changes("stops", asked, again)).toEqual([]);
    const ended = apply(again, completed(again, "stop--pension", { stoppedFrom: "2025-10-01" })).state;
    expect(changes("stops", again, ended)).toEqual(["end pension@hrss by stop--pension"]);
    const refused = apply(ended, rejected(ended, "stop--health-card")).state;
    expect(changes("stops", ended, refused)).toEqual(["restore health-card@health by stop--health-card"]);
    expect(changes("stops", refused, refused)).toEqual([]);
  });

  it("restores a stop cancelled by a withdrawal, and grants on completion with the applicant as holder", () => {
    const { state } = certified();
    const withdrawn = apply(state, withdrawal("C1", "不办了")).state;
    expect(changes("death", state, withdrawn)).toEqual(["restore pension@hrss by stop-pension"]);
    const submitted = apply(
      undefined,
      submit("grant", { applicant: { name: "王芳", idNumber: APPLICANT_ID } }),
      T0,
    );
    const approved = apply(submitted.state, completed(submitted.state, "approve")).state;
    expect(entitlementChangesOf(catalogue.bundle("grant"), submitted.state, approved)).toEqual([
      {
        benefit: "pension",
        department: "hrss",
        change: "grant",
        itemId: "approve",
        holder: { idNumber: APPLICANT_ID, name: "王芳" },
      },
    ]);
  });

  it("reads a stop that both went out and completed between two states as stopping, then end", () => {
    const submitted = apply(undefined, submit("death", deathApplication()), T0).state;
    const { state } = certified();
    const done = apply(state, completed(state, "stop-pension")).state;
    expect(changes("death", submitted, done)).toEqual([
      "stopping pension@hrss by stop-pension",
      "end pension@hrss by stop-pension",
    ]);
    expect(changes("death", submitted, submitted)).toEqual([]);
  });
});
