import { type CaseEvent, type CaseState, createDecide, loadCatalogue } from "@onething/domain";
import { describe, expect, it } from "vitest";
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
  residentId,
  submitted,
} from "./fixtures.ts";
import { later, T0, useMiniEngine } from "./mini-engine.ts";

const { decide, open } = useMiniEngine();

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

describe("catalogue versions and profile switches", () => {
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

  it("skips an item the place's profile switched off", () => {
    const catalogue = loadCatalogue({
      bundles: [miniBundle()],
      departments,
      profiles: [
        {
          place: "000000",
          version: 1,
          effectiveFrom: "2024-01-01",
          bundles: { mini: { items: { pension: false } } },
        },
      ],
    });
    const d = createDecide({ catalogue, calendar })(undefined, submitted("C1", miniApplication()), T0);
    expect(d.state?.items.pension).toMatchObject({ status: "skipped", skipReason: "disabled_by_profile" });
  });
});
