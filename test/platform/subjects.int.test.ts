/**
 * One open case per subject, through the API on DynamoDB Local and the SQS emulator: the after-death bundle holds one
 * open case per deceased, whichever relative applies.
 */
import { residentIdCheckChar } from "@onething/domain";
import { samplesFor } from "@onething/seeds/samples";
import { describe, expect, it } from "vitest";
import { testPlatform } from "../support/platform.ts";

const t = await testPlatform({ name: "subjects" });
const sample = samplesFor("after-death").find((s) => s.id === "after-death-hospital-pensioner");
if (!sample) throw new Error("no sample after-death-hospital-pensioner");
const son = t.citizenFor(String(sample.application.applicant.idNumber));
const daughterId = `330212198001010040`.slice(0, 17);
const daughterIdNumber = `${daughterId}${residentIdCheckChar(daughterId)}`;
const daughter = t.citizenFor(daughterIdNumber);
const byDaughter = {
  bundleId: "after-death",
  ...sample.application,
  applicant: { ...sample.application.applicant, name: "李芳", idNumber: daughterIdNumber },
};

const apply = (claims: object, body: unknown, key: string) =>
  t.request("POST", "/v1/applications", claims, body, { "idempotency-key": key });

describe("one open after-death case per deceased", () => {
  it("refuses the daughter's application while the son's is open: 409 naming his case; then takes it once his is withdrawn", async () => {
    const first = await t.submitAccepted("after-death-hospital-pensioner", "son-1");

    const refused = await apply(daughter, byDaughter, "daughter-1");

    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ error: "open_case_exists", caseId: first.caseId });
    // She cannot read his case: it holds his application.
    expect((await t.request("GET", `/v1/cases/${first.caseId}`, daughter)).status).toBe(403);
    // The same request again gets the same refusal: the case id its key reserved was never written.
    expect((await apply(daughter, byDaughter, "daughter-1")).body).toMatchObject({ caseId: first.caseId });

    const withdrawn = await t.request("POST", `/v1/cases/${first.caseId}/withdraw`, son, {
      reason: "由女儿办理",
    });
    expect(withdrawn.status).toBe(202);
    const accepted = await apply(daughter, byDaughter, "daughter-2");
    expect(accepted.status).toBe(202);
    expect(accepted.body.caseId).not.toBe(first.caseId);
  });
});
