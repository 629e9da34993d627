import { samplesFor } from "@onething/seeds/samples";
import { describe, expect, it } from "vitest";
import { catalogue, Scenario } from "../support/scenario.ts";

const YINZHOU = "330212";

/** A social-assistance sample run through the gates before approval (those its answers call for). */
function atApproval(sampleId: string): Scenario {
  const s = new Scenario("social-assistance", sampleId);
  const gates: [string, Record<string, unknown>][] = [
    ["intake", {}],
    ["economic-verification", { incomePerCapita: 620 }],
    ["home-visit", {}],
    ["public-notice", { objectionsReceived: false }],
  ];
  for (const [itemId, outputs] of gates) if (s.open.has(itemId)) s.answer(itemId, { complete: outputs });
  expect(s.open.has("approval")).toBe(true);
  return s;
}

describe("救助一件事 by place", () => {
  it("has social-assistance samples at delegated and non-delegated Yinzhou towns", () => {
    const inYinzhou = samplesFor("social-assistance").filter((sample) => {
      const place = sample.application.applicant.householdPlace ?? sample.receivingPlace;
      return typeof place === "string" && catalogue.places.pathOf(place).split("/").includes(YINZHOU);
    });
    const rules = inYinzhou.map((sample) => atApproval(sample.id).state.items.approval?.office?.rule);
    expect(rules).toContain("delegated");
    expect(rules).toContain("not_delegated");
  });

  it("sends a delegated town's approval to its own town office, which decides it", () => {
    const s = atApproval("sa-disabled-husband-student-son");
    const task = s.open.get("approval");
    expect(task).toMatchObject({ department: "town-office", office: { jurisdiction: "330212105" } });
    s.answer("approval", { complete: { decision: "dibao", approvalNumber: "横民低〔2026〕0007" } });
    expect(s.statusOf("approval")).toBe("completed");
  });

  it("sends a non-delegated town's approval to Yinzhou's civil affairs", () => {
    const s = atApproval("sa-elderly-couple-dibao");
    expect(s.open.get("approval")).toMatchObject({
      department: "civil-affairs",
      office: { jurisdiction: YINZHOU, path: "000000/330000/330200/330212" },
    });
  });

  it("routes the intake to the town office and the 低保 to the district, with Ningbo's standard", () => {
    const s = atApproval("sa-elderly-couple-dibao");
    expect(s.state.items.intake?.office).toMatchObject({ jurisdiction: "330212109", rule: "case" });
    s.answer("approval", { complete: { decision: "dibao", approvalNumber: "鄞民低〔2026〕0042" } });
    expect(s.open.get("dibao")).toMatchObject({
      office: { jurisdiction: YINZHOU },
      parameters: { monthlyStandard: 1290 },
    });
  });
});
