/** The contract check the integration tests run on every answer: it must refuse what the document does not say. */
import { describe, expect, it } from "vitest";
import { contractProblem } from "../support/contract.ts";

const bundleList = {
  bundles: [
    {
      id: "x",
      version: 1,
      name: { zh: "甲", en: "X" },
      applicantKind: "person",
      startedBy: "applicant",
      items: 1,
    },
  ],
};

describe("the contract check", () => {
  it("accepts an answer the document describes", () => {
    expect(contractProblem("GET", "/v1/bundles", 200, bundleList)).toBeUndefined();
    expect(
      contractProblem("GET", "/v1/cases/OT-1", 404, { error: "unknown_case", message: "no case OT-1" }),
    ).toBeUndefined();
    expect(
      contractProblem("POST", "/v1/applications", 400, {
        error: "validation_failed",
        message: "1 field(s) are invalid",
        issues: [
          {
            path: "applicant.idNumber",
            message: "…",
            code: "id_number_check_char",
            params: { expected: "5" },
          },
        ],
      }),
    ).toBeUndefined();
    expect(
      contractProblem("GET", "/v1/nowhere", 404, { error: "not_found", message: "no route" }),
    ).toBeUndefined();
  });

  it("refuses a status the operation does not declare", () => {
    expect(contractProblem("GET", "/v1/bundles", 409, { error: "x", message: "y" })).toMatch(
      /declares no 409 for listBundles/,
    );
  });

  it("refuses a body that does not match the declared schema", () => {
    expect(contractProblem("GET", "/v1/bundles", 200, { bundles: [{ id: "x" }] })).toMatch(/does not match/);
    expect(contractProblem("GET", "/v1/bundles", 200, { ...bundleList, extra: true })).toMatch(
      /does not match/,
    );
    expect(
      contractProblem("POST", "/v1/applications", 400, {
        error: "validation_failed",
        message: "m",
        issues: [{}],
      }),
    ).toMatch(/does not match/);
    expect(contractProblem("GET", "/v1/nowhere", 404, "not json")).toMatch(/does not match/);
  });
});
