import { describe, expect, it } from "vitest";
import {
  type ClaimMap,
  ClaimMapConfigError,
  COGNITO_CLAIM_MAP,
  claimList,
  claimsFor,
  defaultClaims,
  mapClaims,
  parseClaimMap,
  principalFromClaims,
} from "../src/index.ts";

const ID = "330212196403210134";
const USCC = "91330212MA2H4K7L9N";

/** A province's real-name system naming things its own way, described by the stage's claim map. */
const PROVINCE: ClaimMap = {
  idNumber: ["zj_sfzh"],
  uscc: ["zj_tyshxydm"],
  name: ["zj_xm"],
  office: ["zj_xzqh"],
  groups: ["zj_roles"],
  groupRoles: { yunying: "operator", chuangkou: "clerk" },
  groupPermissions: { mingwen: "reveal" },
  defaultRole: "citizen",
};

describe("claim mapping: every issuer's token is the same principal", () => {
  it("maps Cognito's ID token (custom attributes, no group) to the citizen the local provider's token is", () => {
    const local = principalFromClaims(claimsFor({ role: "citizen", idNumber: ID }, "web"));
    const cognito = principalFromClaims({
      sub: local.subject,
      "cognito:username": "wjg",
      "custom:id_number": ID,
      token_use: "id",
    });
    expect(cognito).toEqual(local);
  });

  it("maps Cognito's groups to the operator role, its permissions and the office attribute", () => {
    const local = principalFromClaims({
      ...claimsFor({ role: "operator", reveal: true, office: "330212" }, "web"),
      sub: "op-1",
    });
    const asArray = principalFromClaims({
      sub: "op-1",
      "cognito:groups": ["reveal", "operators"],
      "custom:office": "330212",
    });
    // API Gateway hands an array claim to the Lambda as "[a b]".
    const asGateway = principalFromClaims({
      sub: "op-1",
      "cognito:groups": "[operators reveal]",
      "custom:office": "330212",
    });
    expect(asArray).toEqual(local);
    expect(asGateway).toEqual(local);
    expect(local).toMatchObject({ role: "operator", canReveal: true, office: "330212" });
  });

  it("maps an organisation account's credit code and a clerk's counter", () => {
    expect(principalFromClaims({ sub: "o", "custom:id_number": ID, "custom:uscc": USCC })).toEqual({
      role: "citizen",
      subject: "o",
      idNumber: ID,
      uscc: USCC,
    });
    expect(
      principalFromClaims({ sub: "c", "cognito:groups": ["clerks"], "custom:office": "330212109" }),
    ).toEqual({ role: "clerk", subject: "c", office: "330212109" });
  });

  it("maps a province issuer's own claim names by its claim map", () => {
    const citizen = principalFromClaims({ sub: "p1", zj_sfzh: ID, zj_xm: "王建国" }, PROVINCE);
    expect(citizen).toEqual({ role: "citizen", subject: "p1", idNumber: ID });
    const operator = principalFromClaims(
      { sub: "p2", zj_roles: "yunying mingwen", zj_xzqh: "330212" },
      PROVINCE,
    );
    expect(operator).toMatchObject({
      role: "operator",
      canReveal: true,
      canLoadCalendar: false,
      office: "330212",
    });
    expect(mapClaims({ sub: "p1", zj_sfzh: ID, zj_xm: "王建国" }, PROVINCE)).toMatchObject({
      role: "citizen",
      id_number: ID,
      name: "王建国",
    });
  });

  it("refuses a token naming no role and no ID number (401), whatever the map", () => {
    expect(() => principalFromClaims({ sub: "x", "cognito:groups": ["visitors"] })).toThrow(/known role/);
    expect(() => principalFromClaims({ sub: "x" }, PROVINCE)).toThrow(/known role/);
    expect(() => principalFromClaims(undefined)).toThrow(/known role/);
    // Without a default role, an ID number alone is no citizen.
    expect(() => principalFromClaims({ sub: "x", zj_sfzh: ID }, { idNumber: ["zj_sfzh"] })).toThrow(
      /known role/,
    );
  });

  it("passes the platform's own claims through unchanged, and never lets Cognito's names override them", () => {
    const platform = claimsFor({ role: "department", department: "health" }, "cli");
    expect(defaultClaims(platform)).toEqual(platform);
    expect(
      defaultClaims({ role: "citizen", sub: "s", id_number: ID, "custom:id_number": "other" }),
    ).toMatchObject({
      id_number: ID,
    });
    expect(mapClaims({ sub: "s", "custom:id_number": ID }, COGNITO_CLAIM_MAP).role).toBe("citizen");
  });

  it("gives a province's or Cognito's token nothing its map does not name: a claim of its own called role is no role", () => {
    const hostile = {
      sub: "p2",
      zj_sfzh: ID,
      role: "operator",
      permissions: "reveal",
      office: "330000",
      department: "civil",
    };
    expect(principalFromClaims(hostile, PROVINCE)).toEqual({ role: "citizen", subject: "p2", idNumber: ID });
    expect(mapClaims(hostile, PROVINCE)).not.toHaveProperty("department");
    // A map naming no role and no default: the token's own `role: operator` must not pass as the platform's.
    expect(() => principalFromClaims(hostile, { idNumber: ["zj_sfzh"] })).toThrow(/known role/);
    // Cognito's tokens carry no `role` claim; one with `custom:` attributes only is a citizen, nothing more.
    expect(
      mapClaims({ sub: "c", "custom:id_number": ID, source: "health-death-registry" }, COGNITO_CLAIM_MAP),
    ).toEqual({
      sub: "c",
      role: "citizen",
      id_number: ID,
    });
    // The stage's configuration cannot ask for claims to be kept.
    expect(() => parseClaimMap('{"keep":["role"]}')).toThrow(ClaimMapConfigError);
  });

  it("reads a list claim as an array, a space-separated string or API Gateway's [a b]", () => {
    expect(claimList(["a", "b", 3])).toEqual(["a", "b"]);
    expect(claimList("a b")).toEqual(["a", "b"]);
    expect(claimList("[a b]")).toEqual(["a", "b"]);
    expect(claimList("[]")).toEqual([]);
    expect(claimList(undefined)).toEqual([]);
  });

  it("reads a claim map from configuration strictly: a misspelt key or an unknown role is refused", () => {
    expect(parseClaimMap(JSON.stringify(PROVINCE))).toEqual(PROVINCE);
    expect(() => parseClaimMap('{"idNumbr":["x"]}')).toThrow(/malformed/);
    expect(() => parseClaimMap('{"groupRoles":{"admin":"root"}}')).toThrow(/groupRoles\.admin/);
    expect(() => parseClaimMap("{")).toThrow(/not JSON/);
  });
});
