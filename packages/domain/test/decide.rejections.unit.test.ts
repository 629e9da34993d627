import { type CaseState, createDecide, loadCatalogue } from "@onething/domain";
import { describe, expect, it } from "vitest";
import {
  calendar,
  completed,
  departments,
  dispatchedIds,
  dispatches,
  miniApplication,
  miniBundle,
  rejected,
  submitted,
} from "./fixtures.ts";
import { later, T0, useMiniEngine } from "./mini-engine.ts";

const { decide, run, open } = useMiniEngine();

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

describe("predecessors that fail", () => {
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
});
