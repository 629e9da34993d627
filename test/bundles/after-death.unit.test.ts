import type { CaseEvent, EscalateOverdueItem } from "@onething/domain";
import { describe, expect, it } from "vitest";
import { Scenario } from "../support/scenario.ts";
import { withdrawal } from "./events.ts";

const BUNDLE = "after-death";

describe("身后一件事 after-death: how a case ends", () => {
  it("runs a hospital death with a pension and an inheritance to completion, with one asset report", () => {
    const s = new Scenario(BUNDLE, "after-death-hospital-pensioner");
    // Only the death certificate can start: almost everything needs its number.
    expect([...s.open.keys()]).toEqual(["death-certificate-hospital"]);
    expect(s.statusOf("death-certificate-police")).toBe("skipped");

    s.answer("death-certificate-hospital", { complete: { certificateNumber: "NB-2026-000123" } });
    const wave = [...s.open.keys()];
    expect(wave).toEqual(
      expect.arrayContaining([
        "household-cancellation",
        "transport-cremation",
        "stop-pension",
        "close-medical-insurance",
      ]),
    );
    expect(wave).not.toContain("funeral-grant-survivor-pension"); // waits for stop-pension
    expect(wave).not.toContain("asset-inquiry-banks"); // waits for household cancellation
    const household = s.open.get("household-cancellation");
    expect(household?.inputs.outputs).toEqual({
      "death-certificate-hospital.certificateNumber": "NB-2026-000123",
    });

    s.runToEnd({
      "asset-inquiry-banks": {
        complete: { holdings: [{ holder: "中国工商银行宁波分行", kind: "deposit", amount: 52000 }] },
      },
      "asset-inquiry-vehicles": { complete: { holdings: [] } },
    });

    expect(s.state.status).toBe("completed");
    const report = s.state.items["asset-inquiry-report"]?.outputs?.report as Record<string, unknown>[];
    expect(report).toContainEqual(
      expect.objectContaining({
        source: "asset-inquiry-banks",
        holder: "中国工商银行宁波分行",
        amount: 52000,
      }),
    );
    expect(report).toContainEqual(
      expect.objectContaining({ source: "asset-inquiry-vehicles", note: "nothing found" }),
    );
    expect(report.filter((r) => r.source === "asset-inquiry-securities")).toHaveLength(1);
    expect(s.statusOf("real-estate-inheritance")).toBe("completed");
  });

  it("a death at home goes to the police and skips what does not apply", () => {
    const s = new Scenario(BUNDLE, "after-death-home-dibao-disabled");
    expect([...s.open.keys()]).toEqual(["death-certificate-police"]);
    s.runToEnd();
    expect(s.state.status).toBe("completed");
    for (const id of [
      "asset-inquiry-banks",
      "asset-inquiry-report",
      "veteran-benefits",
      "housing-fund-withdrawal",
    ]) {
      expect(s.state.items[id]).toMatchObject({
        status: "skipped",
        skipReason: "condition_false",
        attempt: 0,
      });
    }
    expect(s.dispatched()).toEqual(
      expect.arrayContaining(["stop-social-assistance", "disability-certificate-cancellation"]),
    );
    expect(s.dispatched()).not.toContain("death-certificate-hospital");
  });

  it("a rejected death certificate rejects the whole case", () => {
    const s = new Scenario(BUNDLE, "after-death-hospital-pensioner");
    s.answer("death-certificate-hospital", { reject: "医院无该死亡记录" });
    expect(s.state.status).toBe("rejected");
    expect(s.dispatched()).toEqual(["death-certificate-hospital"]);
    expect(Object.values(s.state.items).filter((i) => i.status === "pending")).toEqual([]);
  });

  it("a bank refusing the inquiry leaves the rest done and says so in the report", () => {
    const s = new Scenario(BUNDLE, "after-death-hospital-pensioner").runToEnd({
      "asset-inquiry-banks": { reject: "继承人身份待核实" },
    });
    expect(s.state.status).toBe("completed_with_exceptions");
    const report = s.state.items["asset-inquiry-report"]?.outputs?.report as Record<string, unknown>[];
    expect(report).toContainEqual({
      source: "asset-inquiry-banks",
      department: "banks",
      status: "rejected",
      note: "继承人身份待核实",
    });
    expect(s.statusOf("household-cancellation")).toBe("completed");
  });
});

describe("身后一件事 after-death: along the way (supplements, withdrawal, overdue)", () => {
  it("a supplement request pauses one item while the others go on", () => {
    const s = new Scenario(BUNDLE, "after-death-hospital-pensioner");
    s.answer("death-certificate-hospital", { complete: {} });
    s.answer("household-cancellation", { ask: "householdBookletScan" });
    expect(s.state.status).toBe("awaiting_applicant");
    s.answer("transport-cremation", { complete: {} });
    expect(s.state.status).toBe("awaiting_applicant");
    expect(s.open.has("funeral-fee-waiver")).toBe(true);

    s.supplement("household-cancellation", { householdBookletScan: "upload://booklet-p1.jpg" });
    expect(s.state.status).toBe("in_progress");
    expect(s.open.get("household-cancellation")).toMatchObject({
      attempt: 2,
      supplement: { householdBookletScan: "upload://booklet-p1.jpg" },
    });
    s.runToEnd();
    expect(s.state.status).toBe("completed");
  });

  it("withdrawal mid-way cancels every open item at its department", () => {
    const s = new Scenario(BUNDLE, "after-death-hospital-pensioner");
    s.answer("death-certificate-hospital", { complete: {} });
    const openBefore = [...s.open.values()].map((t) => t.department);
    const d = s.apply(withdrawal(s.state.caseId, "家属决定自行办理", "tester"));
    expect(s.state.status).toBe("withdrawn");
    expect(
      d.commands.filter((c) => c.type === "CancelItem").map((c) => ("department" in c ? c.department : "")),
    ).toEqual(openBefore);
  });

  it("escalates a death certificate overdue across the National Day holiday", () => {
    const s = new Scenario(BUNDLE, "after-death-hospital-pensioner", new Date("2025-09-30T15:00:00+08:00"));
    const task = s.open.get("death-certificate-hospital");
    // One working day from Tuesday 30 Sep 2025: 1–8 October are off, so it is due at the end of Thursday 9 October.
    expect(task?.dueAt).toBe(new Date("2025-10-09T24:00:00+08:00").toISOString());
    const overdue: CaseEvent = {
      type: "ItemOverdue",
      eventId: "o",
      caseId: s.state.caseId,
      itemId: "death-certificate-hospital",
      attempt: 1,
    };
    s.now = new Date("2025-10-08T10:00:00+08:00");
    expect(s.apply(overdue).ignored?.reason).toBe("not_yet_due");
    s.now = new Date("2025-10-10T08:00:00+08:00");
    const d = s.apply(overdue);
    expect(d.commands.find((c): c is EscalateOverdueItem => c.type === "EscalateOverdueItem")).toMatchObject({
      department: "health",
      attempt: 1,
    });
    expect(s.state.items["death-certificate-hospital"]?.overdue).toBe(true);
  });
});
