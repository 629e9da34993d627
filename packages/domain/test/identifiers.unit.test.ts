import {
  birthDateFromResidentId,
  isoDateProblem,
  maskApplication,
  maskPii,
  phoneProblem,
  residentIdCheckChar,
  residentIdProblem,
  usccCheckChar,
  usccProblem,
} from "@onething/domain";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { APPLICANT_ID, miniApplication, miniCatalogue } from "./fixtures.ts";

describe("resident ID numbers (GB 11643)", () => {
  it("accepts the standard's worked example and computes its check character", () => {
    expect(residentIdProblem("11010519491231002X")).toBeNull();
    expect(residentIdCheckChar("11010519491231002")).toBe("X");
    expect(birthDateFromResidentId("11010519491231002X")).toBe("1949-12-31");
  });

  it("rejects a wrong check character, an impossible birth date, and a bad shape, saying which", () => {
    expect(residentIdProblem("110105194912310021")).toMatch(/check character must be X/);
    expect(residentIdProblem("110105194902300027")).toMatch(/not a real date/);
    expect(residentIdProblem("11010519491231002")).toMatch(/18 characters/);
    expect(residentIdProblem("01010519491231002X")).toMatch(/region/);
  });

  it("exactly one check character is valid for any 17 digits", () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[1-9]\d{5}19[5-9]\d(0[1-9]|1[0-2])(0[1-9]|1\d|2[0-8])\d{3}$/),
        (first17) => {
          const valid = [..."0123456789X"].filter((c) => residentIdProblem(first17 + c) === null);
          expect(valid).toEqual([residentIdCheckChar(first17)]);
        },
      ),
    );
  });
});

describe("unified social credit codes (GB 32100)", () => {
  it("accepts a valid code and rejects a changed check character", () => {
    const first17 = "91330212MA2GQ1B2X";
    const code = first17 + usccCheckChar(first17);
    expect(usccProblem(code)).toBeNull();
    const wrong = first17 + (code.endsWith("0") ? "1" : "0");
    expect(usccProblem(wrong)).toMatch(/check character/);
    expect(usccProblem("91330212MA2GQ1B2XI")).toMatch(/alphabet/);
  });
});

describe("phones and dates", () => {
  it("accepts mobiles and landlines, rejects the rest", () => {
    expect(phoneProblem("13805741234")).toBeNull();
    expect(phoneProblem("0574-87654321")).toBeNull();
    expect(phoneProblem("12805741234")).not.toBeNull();
    expect(phoneProblem("1380574123")).not.toBeNull();
  });
  it("rejects dates that do not exist", () => {
    expect(isoDateProblem("2024-02-29")).toBeNull();
    expect(isoDateProblem("2025-02-29")).not.toBeNull();
    expect(isoDateProblem("2025/01/01")).not.toBeNull();
  });
});

describe("masking personal data", () => {
  it("masks ID numbers, phones, names and addresses", () => {
    expect(maskPii("idNumber", "11010519491231002X")).toBe("110105********002X");
    expect(maskPii("phone", "13805741234")).toBe("138****1234");
    expect(maskPii("name", "欧阳娜娜")).toBe("欧***");
    expect(maskPii("address", "浙江省宁波市鄞州区首南街道")).toBe("浙江省宁波****");
  });
  it("masks every field the bundle tags as personal, and leaves the original alone", () => {
    const bundle = miniCatalogue().bundle("mini");
    const app = miniApplication();
    const masked = maskApplication(bundle, app);
    expect(JSON.stringify(masked)).not.toContain(APPLICANT_ID);
    expect(masked.applicant.phone).toBe("138****1234");
    expect(masked.applicant.name).toBe("王*");
    expect(app.applicant.idNumber).toBe(APPLICANT_ID);
  });
});
