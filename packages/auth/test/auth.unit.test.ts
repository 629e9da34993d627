import {
  createDevIssuer,
  createTaskTokens,
  ForgedTaskTokenError,
  principalFromClaims,
  UnauthenticatedError,
} from "@onething/auth";
import { describe, expect, it } from "vitest";

const SECRET = "test-secret-test-secret-test-secret!";

describe("task tokens", () => {
  const tokens = createTaskTokens(SECRET);
  const claim = {
    caseId: "C-1",
    itemId: "household-cancellation",
    department: "public-security",
    attempt: 2,
  };

  it("round-trips what it signed", () => {
    expect(tokens.verify(tokens.sign(claim))).toEqual(claim);
  });

  it("names the office it was sent to, which cannot be changed", () => {
    const atTown = { ...claim, office: "000000/330000/330200/330212/330212101" };
    const token = tokens.sign(atTown);
    expect(tokens.verify(token)).toEqual(atTown);
    const [, sig] = token.split(".");
    const moved = { ...atTown, office: "000000/330000/330200/330203" };
    expect(() => tokens.verify(`${Buffer.from(JSON.stringify(moved)).toString("base64url")}.${sig}`)).toThrow(
      ForgedTaskTokenError,
    );
  });

  it("refuses a token whose payload was changed, one signed with another key, and garbage", () => {
    const token = tokens.sign(claim);
    const [, sig] = token.split(".");
    const tampered = `${Buffer.from(JSON.stringify({ ...claim, department: "health" })).toString("base64url")}.${sig}`;
    expect(() => tokens.verify(tampered)).toThrow(ForgedTaskTokenError);
    expect(() => tokens.verify(createTaskTokens(`${SECRET}x`).sign(claim))).toThrow(ForgedTaskTokenError);
    expect(() => tokens.verify("not-a-token")).toThrow(ForgedTaskTokenError);
    expect(() => tokens.verify("a.b.c")).toThrow(ForgedTaskTokenError);
  });
});

describe("principals", () => {
  it("maps each role's claims", () => {
    expect(principalFromClaims({ role: "citizen", sub: "u1", id_number: "11010519491231002X" })).toEqual({
      role: "citizen",
      subject: "u1",
      idNumber: "11010519491231002X",
    });
    expect(principalFromClaims({ role: "operator", sub: "op", permissions: "read reveal" })).toMatchObject({
      canReveal: true,
    });
    expect(principalFromClaims({ role: "department", sub: "d", department: "health" })).toMatchObject({
      department: "health",
    });
  });

  it("reads a source system's claims as a source principal", () => {
    expect(principalFromClaims({ role: "source", sub: "s", source: "household-register" })).toEqual({
      role: "source",
      subject: "s",
      source: "household-register",
    });
    expect(() => principalFromClaims({ role: "source", sub: "s" })).toThrow(UnauthenticatedError);
  });

  it("reads the office of operators, clerks and department offices; a clerk needs one", () => {
    expect(principalFromClaims({ role: "operator", sub: "op", office: "330212" })).toMatchObject({
      office: "330212",
    });
    expect(principalFromClaims({ role: "operator", sub: "op" })).toMatchObject({ office: "000000" });
    expect(
      principalFromClaims({ role: "department", sub: "d", department: "town-office", office: "330212101" }),
    ).toMatchObject({ office: "330212101" });
    expect(principalFromClaims({ role: "clerk", sub: "c", office: "330212003" })).toEqual({
      role: "clerk",
      subject: "c",
      office: "330212003",
    });
    // The claim before places: a town's name, not an office.
    expect(() => principalFromClaims({ role: "clerk", sub: "c", town: "首南街道" })).toThrow(
      UnauthenticatedError,
    );
    expect(() => principalFromClaims({ role: "operator", sub: "op", office: "Yinzhou" })).toThrow(
      UnauthenticatedError,
    );
  });

  it("refuses unknown roles and missing claims with a 401", () => {
    expect(() => principalFromClaims({ role: "admin", sub: "x" })).toThrow(UnauthenticatedError);
    expect(() => principalFromClaims({ role: "citizen", sub: "x" })).toThrow(UnauthenticatedError);
    expect(() => principalFromClaims(undefined)).toThrow(UnauthenticatedError);
  });
});

describe("dev issuer", () => {
  it("verifies its own tokens and refuses others", async () => {
    const issuer = createDevIssuer(SECRET);
    const token = await issuer.sign({ sub: "op-1", role: "operator" });
    expect(await issuer.verify(token)).toMatchObject({ sub: "op-1", role: "operator" });
    await expect(createDevIssuer(`${SECRET}y`).verify(token)).rejects.toThrow(UnauthenticatedError);
    const expired = await issuer.sign({ sub: "op-1", role: "operator" }, -10);
    await expect(issuer.verify(expired)).rejects.toThrow(/bearer token rejected/);
  });
});
