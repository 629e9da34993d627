import { DataEventSchema, planRules, type RegistryEntitlement, validateApplication } from "@onething/domain";
import { describe, expect, it } from "vitest";
import { APPLICANT_ID, DECEASED_ID, residentId } from "./fixtures.ts";
import { personDied, registryCatalogue } from "./registry-fixtures.ts";

const catalogue = registryCatalogue();
const died = DataEventSchema.parse(personDied());
const held = (benefit: string, department: string, status: RegistryEntitlement["status"] = "active") => ({
  benefit,
  department,
  since: "2020-01-01",
  status,
});

describe("planRules", () => {
  it("starts one stop case over the active entitlements, and withdraws the person's applications", () => {
    const registry = {
      entitlements: [
        held("pension", "hrss"),
        held("health-card", "health"),
        held("pension", "hrss", "ended"),
      ],
    };
    const planned = planRules(catalogue, died, registry);
    expect(planned.map((p) => `${p.ruleId}@${p.ruleVersion}#${p.index} ${p.kind}`)).toEqual([
      "died-stop@1#0 startCase",
      "died-stop@1#1 addEvent",
    ]);
    const start = planned[0];
    if (start?.kind !== "startCase") throw new Error("no startCase");
    expect(start.bundleId).toBe("stops");
    expect(start.application).toEqual({
      applicant: { idNumber: DECEASED_ID, name: "王建国" },
      subject: { idNumber: DECEASED_ID, name: "王建国", dateOfDeath: "2025-09-28" },
      answers: {
        entitlements: [
          { benefit: "pension", department: "hrss", since: "2020-01-01" },
          { benefit: "health-card", department: "health", since: "2020-01-01" },
        ],
      },
    });
    expect(validateApplication(catalogue.bundle("stops"), start.application).ok).toBe(true);
    expect(planned[1]).toEqual({
      kind: "addEvent",
      ruleId: "died-stop",
      ruleVersion: 1,
      index: 1,
      event: "CaseWithdrawn",
      idNumber: DECEASED_ID,
      role: "applicant",
      bundles: ["grant"],
      reason: { zh: "申请人已死亡", en: "the applicant has died" },
    });
  });

  it("does nothing when the person holds nothing active (stopping and ended are not active)", () => {
    const registry = {
      entitlements: [held("pension", "hrss", "stopping"), held("health-card", "health", "ended")],
    };
    expect(planRules(catalogue, died, registry)).toEqual([]);
    expect(planRules(catalogue, died, { entitlements: [] })).toEqual([]);
  });

  it("skips a selector whose person the event does not name, and rules on other types", () => {
    const born = DataEventSchema.parse({
      type: "ChildBorn",
      schemaVersion: 1,
      sourceEventId: "bmc-1",
      occurredAt: "2025-09-29T09:15:00+08:00",
      child: { birthDate: "2025-09-27", birthCertificateNumber: "Q1" },
      mother: { idNumber: APPLICANT_ID, name: "王芳" },
    });
    expect(planRules(catalogue, born, { entitlements: [] })).toEqual([]);
    const father = residentId("33021219880101003");
    const withFather = DataEventSchema.parse({ ...born, father: { idNumber: father, name: "李强" } });
    expect(planRules(catalogue, withFather, { entitlements: [] })).toEqual([
      expect.objectContaining({ kind: "notify", ruleId: "born-note", idNumber: father, role: "applicant" }),
    ]);
  });
});
