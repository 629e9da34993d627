import { samples } from "@onething/seeds/samples";
import { describe, expect, it } from "vitest";
import { catalogue, Scenario } from "../support/scenario.ts";
import { childBorn } from "./events.ts";

describe("every sample of every bundle", () => {
  it.each(samples.map((s) => [s.bundleId, s.id] as const))(
    "%s / %s runs to completion when every department completes",
    (bundleId, id) => {
      const s = new Scenario(bundleId, id).runToEnd();
      const sample = samples.find((x) => x.id === id);
      // An expecting couple's case waits for the birth: the birth certificate system's record lets it go on.
      expect(s.waiting().length > 0, "waits").toBe(sample?.waitsFor !== undefined);
      if (sample?.waitsFor === "ChildBorn") {
        expect(s.waiting()).toEqual(["await-birth"]);
        const applicant = s.state.application.applicant;
        s.noteEvent(childBorn({ idNumber: String(applicant.idNumber), name: String(applicant.name) }));
        s.runToEnd();
      }
      expect(s.state.status).toBe("completed");
      for (const skipped of sample?.expectSkippedByCondition ?? []) {
        expect(s.state.items[skipped]?.status, skipped).toBe("skipped");
        expect(s.dispatched()).not.toContain(skipped);
      }
    },
  );

  it("covers all four life-event bundles (benefit-stop and outreach-visit are started by the platform)", () => {
    const applied = catalogue.bundles.filter((b) => b.startedBy === "applicant").map((b) => b.id);
    expect(new Set(samples.map((s) => s.bundleId))).toEqual(new Set(applied));
  });
});

describe("婚育户一件事 marriage-birth-household", () => {
  it("registers the newborn's household with the birth certificate, after (not blocked by) the marriage registration", () => {
    const s = new Scenario("marriage-birth-household", "mbh-born-then-married");
    expect([...s.open.keys()]).toEqual(
      expect.arrayContaining(["marriage-registration", "birth-medical-certificate"]),
    );
    s.answer("birth-medical-certificate", { complete: { birthCertificateNumber: "Q330212260" } });
    expect(s.open.has("newborn-household-registration")).toBe(false); // waits for the marriage registration
    s.answer("marriage-registration", { complete: { marriageCertificateNumber: "J330212-2026-000321" } });
    expect(s.open.get("newborn-household-registration")?.inputs.outputs).toEqual({
      "birth-medical-certificate.birthCertificateNumber": "Q330212260",
      "marriage-registration.marriageCertificateNumber": "J330212-2026-000321",
    });
    s.runToEnd();
    expect(s.state.status).toBe("completed");
  });

  it("a couple already married starts at the birth items", () => {
    const s = new Scenario("marriage-birth-household", "mbh-married-second-child");
    expect(s.statusOf("marriage-registration")).toBe("skipped");
    expect(s.dispatched()).not.toContain("marriage-registration");
  });

  it("a refused marriage registration does not stop the birth items: completed with exceptions", () => {
    const s = new Scenario("marriage-birth-household", "mbh-born-then-married").runToEnd({
      "marriage-registration": { reject: "未达法定婚龄" },
    });
    expect(s.state.status).toBe("completed_with_exceptions");
    expect(s.statusOf("newborn-household-registration")).toBe("completed");
    expect(s.statusOf("birth-registration")).not.toBe("skipped");
  });
  it("a refused birth medical certificate stops only what needs it", () => {
    const s = new Scenario("marriage-birth-household", "mbh-born-then-married").runToEnd({
      "birth-medical-certificate": { reject: "出生信息与医院记录不符" },
    });
    expect(s.state.status).toBe("completed_with_exceptions");
    expect(s.state.items["newborn-household-registration"]?.skipReason).toBe("dependency_not_completed");
    expect(s.statusOf("marriage-registration")).toBe("completed");
  });
});

describe("救助一件事 social-assistance", () => {
  it("passes the verify, visit-and-notice and approve gates in order, then runs the linked items of the decision", () => {
    const s = new Scenario("social-assistance", "sa-elderly-couple-dibao");
    expect([...s.open.keys()]).toEqual(["intake"]);
    s.answer("intake", { complete: {} });
    expect([...s.open.keys()]).toEqual(["economic-verification"]);
    s.answer("economic-verification", { complete: { incomePerCapita: 620 } });
    expect([...s.open.keys()]).toEqual(["home-visit"]);
    s.answer("home-visit", { complete: {} });
    expect([...s.open.keys()]).toEqual(["public-notice"]);
    s.answer("public-notice", { complete: { objectionsReceived: false } });
    expect([...s.open.keys()]).toEqual(["approval"]);
    s.answer("approval", { complete: { decision: "dibao", approvalNumber: "鄞民低〔2026〕0042" } });
    expect([...s.open.keys()]).toEqual(
      expect.arrayContaining(["dibao", "medical-assistance", "electricity-fee-reduction"]),
    );
    expect(s.statusOf("tekun-support")).toBe("skipped");
    const power = s.open.get("electricity-fee-reduction");
    expect(Object.keys(power?.inputs.fields ?? {}).some((k) => k.includes("idNumber"))).toBe(false);
    s.runToEnd();
    expect(s.state.status).toBe("completed");
  });

  it("a refusal at approval, or a household over the thresholds, rejects the case with the reason", () => {
    const refused = new Scenario("social-assistance", "sa-elderly-couple-dibao").runToEnd({
      approval: { reject: "家庭人均收入高于低保标准" },
    });
    expect(refused.state.status).toBe("rejected");
    expect(refused.state.items.approval).toMatchObject({
      status: "rejected",
      reason: "家庭人均收入高于低保标准",
    });
    expect(refused.dispatched()).not.toContain("dibao");

    const failed = new Scenario("social-assistance", "sa-elderly-couple-dibao").runToEnd({
      "economic-verification": { reject: "家庭财产超过认定标准" },
    });
    expect(failed.state.status).toBe("rejected");
    expect(failed.dispatched()).not.toContain("approval");
  });
});

describe("养老机构开业一件事 elderly-care-opening", () => {
  it("routes a for-profit home to market regulation and files with civil affairs last", () => {
    const s = new Scenario("elderly-care-opening", "eco-company-new-build");
    expect(s.dispatched()).toContain("business-licence");
    expect(s.statusOf("nonprofit-registration")).toBe("skipped");
    expect(s.open.has("elderly-care-filing")).toBe(false);
    s.runToEnd({ "elderly-care-filing": "hold" });
    expect(s.open.has("elderly-care-filing")).toBe(true);
    s.runToEnd();
    expect(s.state.status).toBe("completed");
  });

  it("a refused filing (备案) rejects the opening", () => {
    const s = new Scenario("elderly-care-opening", "eco-company-new-build").runToEnd({
      "elderly-care-filing": { reject: "床位数与申报不符" },
    });
    expect(s.state.status).toBe("rejected");
  });
});
