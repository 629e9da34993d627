import {
  type CaseEvent,
  type CaseState,
  createDecide,
  type Decide,
  type ItemResultReceived,
  loadCatalogue,
} from "@onething/domain";
import { beforeEach, describe, expect, it } from "vitest";
import {
  APPLICANT_ID,
  calendar,
  commandTypes,
  completed,
  DECEASED_ID,
  departments,
  dispatchedIds,
  dispatches,
  miniApplication,
  miniBundle,
  miniDecide,
  needsSupplement,
  rejected,
  residentId,
  submitted,
} from "./fixtures.ts";

const T0 = new Date("2025-09-30T10:00:00+08:00");
const later = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

let decide: Decide;
beforeEach(() => {
  decide = miniDecide();
});

/** Applies events in order, asserting each was applied (not ignored). */
function run(state: CaseState | undefined, events: ((s: CaseState) => CaseEvent)[], now = later(5)) {
  let current = state as CaseState;
  const commands = [];
  for (const make of events) {
    const d = decide(current, make(current), now);
    expect(d.ignored).toBeUndefined();
    current = d.state as CaseState;
    commands.push(...d.commands);
  }
  return { state: current, commands };
}

function open(application = miniApplication()) {
  const d = decide(undefined, submitted("C1", application), T0);
  expect(d.ignored).toBeUndefined();
  return { state: d.state as CaseState, commands: d.commands };
}

describe("submission", () => {
  it("dispatches every ready item whose condition holds, skips the rest, and leaves dependents pending", () => {
    const { state, commands } = open();

    expect(dispatchedIds(commands)).toEqual(["cert-hospital", "cremation"]);
    expect(state.status).toBe("in_progress");
    expect(state.items["cert-police"]).toMatchObject({ status: "skipped", skipReason: "condition_false" });
    for (const id of ["household", "pension", "bank-inquiry", "asset-report"]) {
      expect(state.items[id]?.status).toBe("pending");
    }
    expect(state.bundleVersion).toBe(1);
    expect(commandTypes(commands)).toContain("NotifyApplicant");
  });

  it("sends a department only the inputs its item declares", () => {
    const { commands } = open();
    const [cert, cremation] = dispatches(commands);

    expect(cert?.inputs).toEqual({
      fields: {
        "subject.idNumber": DECEASED_ID,
        "answers.hospitalName": "宁波市第一医院",
        "answers.dateOfDeath": "2025-09-28",
      },
      outputs: {},
    });
    expect(cremation?.inputs.fields).toEqual({ "applicant.name": "王芳", "applicant.phone": "13805741234" });
    expect(JSON.stringify(cremation)).not.toContain(APPLICANT_ID);
    expect(cert?.attempt).toBe(1);
  });

  it("sets each due date in working days, skipping the National Day holiday", () => {
    const { commands } = open();
    // Received Tuesday 30 Sep 2025; 1 working day later is Thursday 9 Oct (1–8 Oct are off).
    expect(dispatches(commands)[0]?.dueAt).toBe(new Date("2025-10-09T24:00:00+08:00").toISOString());
  });

  it("refuses an invalid application, naming the field, and creates nothing", () => {
    const bad = miniApplication();
    bad.applicant.idNumber = residentId("33021219700815002").replace(/.$/, (c) => (c === "0" ? "1" : "0"));
    const d = decide(undefined, submitted("C1", bad), T0);

    expect(d.state).toBeUndefined();
    expect(d.commands).toEqual([]);
    expect(d.ignored?.reason).toBe("invalid_application");
    expect(d.ignored?.detail).toContain("applicant.idNumber");
  });

  it("refuses a second submission of the same case and an unknown bundle", () => {
    const { state } = open();
    expect(decide(state, submitted("C1", miniApplication(), "other"), T0).ignored?.reason).toBe(
      "already_submitted",
    );
    const unknown = { ...submitted("C2", miniApplication()), bundleId: "nope" } as CaseEvent;
    expect(decide(undefined, unknown, T0).ignored?.reason).toBe("unknown_bundle");
  });
});

describe("running to a final state", () => {
  it("dispatches dependents the moment the last dependency completes, with its outputs", () => {
    const { state } = open();
    const d = decide(
      state,
      completed(state, "cert-hospital", { certificateNumber: "NB-2025-0001" }),
      later(60),
    );

    expect(dispatchedIds(d.commands)).toEqual(["household", "pension"]);
    expect(dispatches(d.commands)[0]?.inputs.outputs).toEqual({
      "cert-hospital.certificateNumber": "NB-2025-0001",
    });
  });

  it("completes when every item is done, assembling the asset report in one place", () => {
    const { state } = run(open().state, [
      (s) => completed(s, "cert-hospital", { certificateNumber: "NB-2025-0001" }),
      (s) => completed(s, "cremation"),
      (s) => completed(s, "pension", { grantAmount: 12000 }),
      (s) => completed(s, "household"),
      (s) =>
        completed(s, "bank-inquiry", {
          holdings: [
            { holder: "工商银行", kind: "deposit", amount: 52000 },
            { holder: "宁波银行", kind: "deposit", amount: 8000 },
          ],
        }),
    ]);

    expect(state.status).toBe("completed");
    expect(state.items["asset-report"]?.outputs?.report).toEqual([
      {
        source: "bank-inquiry",
        department: "banks",
        status: "completed",
        holder: "工商银行",
        kind: "deposit",
        amount: 52000,
      },
      {
        source: "bank-inquiry",
        department: "banks",
        status: "completed",
        holder: "宁波银行",
        kind: "deposit",
        amount: 8000,
      },
    ]);
    expect("closedAt" in state && state.closedAt).toBeTruthy();
  });

  it("never dispatches an item whose condition is false", () => {
    const { state, commands } = run(open(miniApplication({ isPensioner: false })).state, [
      (s) => completed(s, "cert-hospital", { certificateNumber: "X1" }),
    ]);
    expect(dispatchedIds(commands)).toEqual(["household"]);
    expect(state.items.pension).toMatchObject({
      status: "skipped",
      skipReason: "condition_false",
      attempt: 0,
    });
  });

  it("refuses outputs the item does not declare or lacks, changing nothing", () => {
    const { state } = open();
    const missing = decide(state, completed(state, "cert-hospital", {}), later(10));
    const extra = decide(
      state,
      completed(state, "cert-hospital", { certificateNumber: "A", idNumber: "x" }),
      later(10),
    );

    expect(missing.ignored?.reason).toBe("invalid_outputs");
    expect(missing.ignored?.detail).toContain("outputs.certificateNumber");
    expect(extra.ignored?.detail).toContain("outputs.idNumber");
    expect(missing.state).toBe(state);
  });
});

describe("rejections", () => {
  it("a fatal rejection rejects the case and cancels every open item at its department", () => {
    const { state } = open();
    const d = decide(state, rejected(state, "cert-hospital", "死亡信息不符"), later(30));

    expect(d.state?.status).toBe("rejected");
    const cancels = d.commands.filter((c) => c.type === "CancelItem");
    expect(cancels).toEqual([
      {
        type: "CancelItem",
        caseId: "C1",
        itemId: "cremation",
        department: "funeral-home",
        attempt: 1,
        reason: "case_rejected",
      },
    ]);
    expect(d.state?.items.household?.status).toBe("cancelled");
    const late = decide(d.state, completed(state, "cremation"), later(40));
    expect(late.ignored?.reason).toBe("case_closed");
  });

  it("a non-fatal rejection skips what needs it and ends the case completed with exceptions", () => {
    const { state } = run(open().state, [
      (s) => completed(s, "cert-hospital", { certificateNumber: "A" }),
      (s) => completed(s, "cremation"),
      (s) => completed(s, "pension"),
      (s) => rejected(s, "household", "户籍信息不一致"),
    ]);

    expect(state.status).toBe("completed_with_exceptions");
    expect(state.items["bank-inquiry"]).toMatchObject({
      status: "skipped",
      skipReason: "dependency_not_completed",
    });
    // The report still goes out, saying which source could not be asked and why.
    expect(state.items["asset-report"]?.outputs?.report).toEqual([
      { source: "bank-inquiry", department: "banks", status: "skipped", note: "dependency_not_completed" },
    ]);
    expect(state.items.household).toMatchObject({ status: "rejected", reason: "户籍信息不一致" });
  });
});

describe("supplement requests (补正)", () => {
  it("pauses the item and the case, lets other items go on, and re-dispatches with a new attempt", () => {
    const start = run(open().state, [(s) => completed(s, "cert-hospital", { certificateNumber: "A" })]).state;
    const asked = decide(start, needsSupplement(start, "household", "householdBookletScan"), later(60));
    const paused = asked.state as CaseState;

    expect(paused.status).toBe("awaiting_applicant");
    expect(paused.items.household).toMatchObject({ status: "awaiting_supplement", attempt: 1 });
    expect(paused.items.household?.dueAt).toBeUndefined();
    expect(asked.commands).toContainEqual(
      expect.objectContaining({ type: "NotifyApplicant", kind: "supplement_requested" }),
    );

    const other = decide(paused, completed(paused, "pension"), later(61));
    expect(other.ignored).toBeUndefined();
    expect(other.state?.status).toBe("awaiting_applicant");

    const supplement = (attempt: number, answers: Record<string, unknown>): CaseEvent => ({
      type: "SupplementProvided",
      eventId: `sup-${attempt}-${Object.keys(answers).join()}`,
      caseId: "C1",
      itemId: "household",
      attempt,
      answers,
    });
    const s1 = other.state as CaseState;
    expect(decide(s1, supplement(1, {}), later(70)).ignored?.reason).toBe("supplement_incomplete");
    expect(decide(s1, supplement(2, { householdBookletScan: "doc-1" }), later(70)).ignored?.reason).toBe(
      "stale_attempt",
    );

    const resumed = decide(s1, supplement(1, { householdBookletScan: "doc-1" }), later(70));
    expect(resumed.state?.status).toBe("in_progress");
    expect(dispatches(resumed.commands)).toEqual([
      expect.objectContaining({
        itemId: "household",
        attempt: 2,
        supplement: { householdBookletScan: "doc-1" },
      }),
    ]);

    const staleAnswer = { ...(needsSupplement(start, "household", "x") as ItemResultReceived) };
    staleAnswer.result = { outcome: "completed", outputs: {} };
    expect(decide(resumed.state, staleAnswer, later(80)).ignored?.reason).toBe("stale_attempt");
    const done = decide(resumed.state, completed(resumed.state as CaseState, "household"), later(80));
    expect(done.ignored).toBeUndefined();
    expect(done.state?.items.household?.status).toBe("completed");
  });

  it("writes a corrected form field back, so the re-dispatch and later items see it", () => {
    const start = run(open().state, [(s) => completed(s, "cert-hospital", { certificateNumber: "A" })]).state;
    const paused = decide(start, needsSupplement(start, "household", "subject.idNumber"), later(60))
      .state as CaseState;
    const corrected = residentId("33021219450302009");

    const invalid = decide(
      paused,
      {
        type: "SupplementProvided",
        eventId: "s0",
        caseId: "C1",
        itemId: "household",
        attempt: 1,
        answers: { "subject.idNumber": "123" },
      },
      later(61),
    );
    expect(invalid.ignored?.reason).toBe("supplement_incomplete");

    const d = decide(
      paused,
      {
        type: "SupplementProvided",
        eventId: "s1",
        caseId: "C1",
        itemId: "household",
        attempt: 1,
        answers: { "subject.idNumber": corrected },
      },
      later(61),
    );
    expect(d.state?.application.subject?.idNumber).toBe(corrected);
    expect(dispatches(d.commands)[0]?.inputs.fields["subject.idNumber"]).toBe(corrected);
  });
});

describe("withdrawal", () => {
  it("cancels every open item, tells each department, and ignores results that arrive after", () => {
    const { state } = open();
    const withdrawn = decide(
      state,
      {
        type: "CaseWithdrawn",
        eventId: "w1",
        caseId: "C1",
        reason: "家属改为线下办理",
        by: { role: "citizen", id: APPLICANT_ID },
      },
      later(20),
    );

    expect(withdrawn.state?.status).toBe("withdrawn");
    expect(
      withdrawn.commands.filter((c) => c.type === "CancelItem").map((c) => "department" in c && c.department),
    ).toEqual(["health", "funeral-home"]);
    expect(Object.values(withdrawn.state?.items ?? {}).filter((i) => i.status === "pending")).toEqual([]);
    expect(decide(withdrawn.state, completed(state, "cremation"), later(30)).ignored?.reason).toBe(
      "case_closed",
    );
    expect(
      decide(
        withdrawn.state,
        {
          type: "CaseWithdrawn",
          eventId: "w2",
          caseId: "C1",
          reason: "again",
          by: { role: "citizen", id: "x" },
        },
        later(31),
      ).ignored?.reason,
    ).toBe("case_closed");
  });
});

describe("overdue items", () => {
  it("escalates once past the deadline, counted across the National Day holiday", () => {
    const started = run(
      open().state,
      [(s) => completed(s, "cert-hospital", { certificateNumber: "A" })],
      T0,
    ).state;
    // Household cancellation: 2 working days from Tue 30 Sep 2025 → end of Fri 10 Oct.
    expect(started.items.household?.dueAt).toBe(new Date("2025-10-10T24:00:00+08:00").toISOString());
    const overdue: CaseEvent = {
      type: "ItemOverdue",
      eventId: "o1",
      caseId: "C1",
      itemId: "household",
      attempt: 1,
    };

    expect(decide(started, overdue, new Date("2025-10-08T12:00:00+08:00")).ignored?.reason).toBe(
      "not_yet_due",
    );
    const escalated = decide(started, overdue, new Date("2025-10-11T09:00:00+08:00"));
    expect(escalated.commands).toContainEqual(
      expect.objectContaining({
        type: "EscalateOverdueItem",
        itemId: "household",
        department: "public-security",
        attempt: 1,
      }),
    );
    expect(escalated.commands).toContainEqual(
      expect.objectContaining({
        type: "RecordTimeline",
        entry: expect.objectContaining({ kind: "item_overdue" }),
      }),
    );
    expect(escalated.state?.items.household).toMatchObject({ overdue: true, escalations: 1 });
    const again = decide(
      escalated.state,
      { ...overdue, eventId: "o2" },
      new Date("2025-10-12T09:00:00+08:00"),
    );
    expect(again.ignored?.reason).toBe("already_escalated");
  });
});

describe("results that must change nothing", () => {
  it("says why for an old attempt, a finished item, the wrong department, an unknown item or case", () => {
    const { state } = open();
    const result = completed(state, "cremation") as ItemResultReceived;
    const cases: [CaseState | undefined, CaseEvent, string][] = [
      [state, { ...result, attempt: 0 }, "stale_attempt"],
      [state, { ...result, department: "health" }, "wrong_department"],
      [state, { ...result, itemId: "nope" }, "unknown_item"],
      [undefined, result, "unknown_case"],
      [state, { ...result, itemId: "household" }, "stale_attempt"],
    ];
    for (const [s, event, reason] of cases) {
      const d = decide(s, event, later(10));
      expect(d.ignored?.reason).toBe(reason);
      expect(d.state).toBe(s);
      expect(d.commands).toEqual([]);
    }
    const done = decide(state, result, later(10)).state as CaseState;
    expect(decide(done, { ...result, eventId: "again" }, later(11)).ignored?.reason).toBe("item_not_open");
  });

  it("treats a replayed event as a no-op", () => {
    const { state } = open();
    const event = completed(state, "cert-hospital", { certificateNumber: "A" });
    const once = decide(state, event, later(10));
    const twice = decide(once.state, event, later(11));
    expect(twice.ignored).toBeDefined();
    expect(twice.state).toEqual(once.state);
  });
});

describe("catalogue versions and tenant switches", () => {
  it("keeps a case on the bundle version it started with", () => {
    const v1 = miniBundle();
    const v2 = { ...miniBundle(), version: 2, items: miniBundle().items.filter((i) => i.id !== "cremation") };
    const onlyV1 = createDecide({ catalogue: loadCatalogue({ bundles: [v1], departments }), calendar });
    const both = createDecide({ catalogue: loadCatalogue({ bundles: [v1, v2], departments }), calendar });

    const started = onlyV1(undefined, submitted("C9", miniApplication()), T0).state as CaseState;
    const next = both(started, completed(started, "cremation"), later(5));
    expect(next.ignored).toBeUndefined();
    expect(next.state?.bundleVersion).toBe(1);
    expect((both(undefined, submitted("C10", miniApplication()), T0).state as CaseState).bundleVersion).toBe(
      2,
    );
  });

  it("skips an item a tenant switched off", () => {
    const catalogue = loadCatalogue({
      bundles: [miniBundle()],
      departments,
      tenant: { tenantId: "yinzhou", disabledItems: { mini: ["pension"] } },
    });
    const d = createDecide({ catalogue, calendar })(undefined, submitted("C1", miniApplication()), T0);
    expect(d.state?.items.pension).toMatchObject({ status: "skipped", skipReason: "disabled_by_tenant" });
  });
});

describe("review fixes", () => {
  it("rejects the case when a fatal item can no longer happen because a dependency failed", () => {
    const bundle = miniBundle();
    const bank = bundle.items.find((i) => i.id === "bank-inquiry");
    if (bank) bank.rejectionFails = "case";
    const strict = createDecide({ catalogue: loadCatalogue({ bundles: [bundle], departments }), calendar });
    let state = strict(undefined, submitted("C1", miniApplication()), T0).state as CaseState;
    state = strict(state, completed(state, "cert-hospital", { certificateNumber: "A" }), later(1))
      .state as CaseState;
    const d = strict(state, rejected(state, "household", "户籍不符"), later(2));

    expect(d.state?.status).toBe("rejected");
    expect(d.state?.items["bank-inquiry"]).toMatchObject({
      status: "skipped",
      skipReason: "dependency_not_completed",
    });
    expect(
      d.commands.filter((c) => c.type === "CancelItem").map((c) => ("itemId" in c ? c.itemId : "")),
    ).toEqual(expect.arrayContaining(["pension", "cremation"]));
    expect(d.commands).toContainEqual(
      expect.objectContaining({
        type: "RecordTimeline",
        entry: expect.objectContaining({ kind: "case_closed", detail: "bank-inquiry can no longer happen" }),
      }),
    );
  });

  it("an `after` item waits for its predecessor but is not stopped by its rejection, and gets its outputs when they exist", () => {
    const bundle = miniBundle();
    const cremation = bundle.items.find((i) => i.id === "cremation");
    if (cremation) {
      cremation.after = ["cert-hospital", "cert-police"];
      cremation.inputs = { fields: ["applicant.name"], outputs: ["cert-hospital.certificateNumber"] };
    }
    const soft = createDecide({ catalogue: loadCatalogue({ bundles: [bundle], departments }), calendar });
    const opened = soft(undefined, submitted("C1", miniApplication()), T0);
    expect(dispatchedIds(opened.commands)).toEqual(["cert-hospital"]);
    const s = opened.state as CaseState;

    const ok = soft(s, completed(s, "cert-hospital", { certificateNumber: "NB-1" }), later(1));
    expect(dispatches(ok.commands).find((c) => c.itemId === "cremation")?.inputs.outputs).toEqual({
      "cert-hospital.certificateNumber": "NB-1",
    });

    const nonFatal = miniBundle();
    const cert = nonFatal.items.find((i) => i.id === "cert-hospital");
    const crem = nonFatal.items.find((i) => i.id === "cremation");
    if (cert && crem) {
      cert.rejectionFails = "item";
      crem.after = ["cert-hospital"];
    }
    const d2 = createDecide({ catalogue: loadCatalogue({ bundles: [nonFatal], departments }), calendar });
    const s2 = d2(undefined, submitted("C2", miniApplication()), T0).state as CaseState;
    const r = d2(s2, rejected(s2, "cert-hospital"), later(1));
    expect(dispatchedIds(r.commands)).toEqual(["cremation"]);
  });

  it("a supplement cannot change the applicant's identity", () => {
    const start = run(open().state, [(s) => completed(s, "cert-hospital", { certificateNumber: "A" })]).state;
    const paused = decide(start, needsSupplement(start, "household", "applicant.idNumber"), later(60))
      .state as CaseState;
    const d = decide(
      paused,
      {
        type: "SupplementProvided",
        eventId: "s9",
        caseId: "C1",
        itemId: "household",
        attempt: 1,
        answers: { "applicant.idNumber": residentId("11010519491231002") },
      },
      later(61),
    );
    expect(d.ignored?.reason).toBe("supplement_incomplete");
    expect(d.ignored?.detail).toMatch(/identity cannot be changed/);
  });

  it("refuses outputs too large to keep in the case", () => {
    const start = run(open().state, [
      (s) => completed(s, "cert-hospital", { certificateNumber: "A" }),
      (s) => completed(s, "household"),
    ]).state;
    const rows = Array.from({ length: 150 }, (_, i) => ({ holder: `银行${i}`, note: "x".repeat(200) }));
    const d = decide(start, completed(start, "bank-inquiry", { holdings: rows }), later(10));
    expect(d.ignored?.reason).toBe("invalid_outputs");
    expect(d.ignored?.detail).toMatch(/at most 16384/);
  });
});
