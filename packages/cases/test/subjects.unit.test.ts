import type { Principal } from "@onething/auth";
import { residentIdCheckChar } from "@onething/domain";
import { samplesFor } from "@onething/seeds/samples";
import { describe, expect, it } from "vitest";
import { caseSubjectsOf, SubjectCaseOpenError, withdrawCase } from "../src/index.ts";
import { applicant, application, catalogue, later, NOW, world } from "./world.ts";

const first17 = "33021219800101004";
const daughterId = `${first17}${residentIdCheckChar(first17)}`;
const daughter: Principal = { role: "citizen", subject: "citizen-daughter", idNumber: daughterId };
/** The same deceased, applied for by his daughter. */
const byDaughter = {
  ...application,
  applicant: { ...application.applicant, name: "李芳", idNumber: daughterId },
};

describe("one open case per subject (after-death: per deceased)", () => {
  it("refuses a second relative's application while the first is open, naming the open case; nothing is written", async () => {
    const w = world();
    const first = await w.submit("key-1");

    const refused = await w.submit("key-d", byDaughter, NOW, daughter).catch((e: unknown) => e);

    expect(refused).toBeInstanceOf(SubjectCaseOpenError);
    expect(refused).toMatchObject({ kind: "conflict", code: "open_case_exists", otherCaseId: first.caseId });
    expect((refused as Error).message).toContain(first.caseId);
    expect(await w.cases.getCase("OT-TEST-2")).toBeUndefined();
    expect(await w.cases.listPendingOutbox()).toEqual([]);
  });

  it("takes a new application for the same deceased once the open case is withdrawn", async () => {
    const w = world();
    const first = await w.submit("key-1");
    await withdrawCase(w.deps, first.caseId, { reason: "家属另行办理" }, applicant, later(1));

    const second = await w.submit("key-d", byDaughter, later(1), daughter);

    expect(second.caseId).not.toBe(first.caseId);
    expect(second.status).toBe("in_progress");
  });

  it("lets different deceased persons have their own open cases", async () => {
    const w = world();
    await w.submit("key-1");
    const other = samplesFor("after-death").find(
      (s) => s.application.subject?.idNumber !== application.subject?.idNumber,
    );
    if (!other) throw new Error("no second after-death sample");
    const principal: Principal = { role: "clerk", subject: "clerk-1", office: "330212001" };

    const second = await w.submit(
      "key-2",
      { bundleId: other.bundleId, ...other.application },
      NOW,
      principal,
    );

    expect(second.status).toBe("in_progress");
  });
});

describe("caseSubjectsOf", () => {
  it("links the applicant and the deceased, the deceased exclusive", async () => {
    const w = world();
    const { caseId } = await w.submit("key-1");
    const state = (await w.cases.getCase(caseId))?.state;
    if (!state) throw new Error("not stored");

    expect(caseSubjectsOf(catalogue.bundle("after-death"), state)).toEqual({
      links: [
        { identity: application.applicant.idNumber, kind: "person", role: "applicant" },
        { identity: String(application.subject?.idNumber), kind: "person", role: "subject" },
      ],
      exclusive: String(application.subject?.idNumber),
    });
  });
});
