import { describe, expect, it } from "vitest";
import {
  createLeaseIds,
  departmentClientClaims,
  LeaseNotYoursError,
  parseDepartmentClients,
  principalFromClaims,
  UnknownLeaseError,
} from "../src/index.ts";

const KEY = "lease-key-for-tests-lease-key-for-tests";
const claim = {
  department: "health",
  office: "330212",
  messageId: "m-1",
  receipt: "AQEB-receipt-handle-of-sqs==",
  until: Date.parse("2026-12-08T00:00:00Z"),
};
const lessee = { department: "health", office: "330212" };

describe("lease ids", () => {
  const ids = createLeaseIds(KEY);

  it("open to the claim they were sealed with, for the office that leased", () => {
    const id = ids.seal(claim);
    expect(id).toMatch(/^l1\.[A-Za-z0-9_-]+$/);
    expect(ids.open(id, lessee)).toEqual(claim);
  });

  it("never show the receipt handle, and differ each time (a fresh IV)", () => {
    const a = ids.seal(claim);
    expect(a).not.toContain("receipt");
    expect(Buffer.from(a.slice(3), "base64url").toString("latin1")).not.toContain("AQEB");
    expect(ids.seal(claim)).not.toBe(a);
  });

  it("refuse another office or department of a genuine lease id (lease_not_yours, 403)", () => {
    const id = ids.seal(claim);
    for (const other of [
      { department: "health", office: "330203" },
      { department: "health", office: "000000" },
      { department: "cdc", office: "330212" },
    ]) {
      const opening = () => ids.open(id, other);
      expect(opening).toThrow(LeaseNotYoursError);
      try {
        opening();
      } catch (error) {
        expect(error).toMatchObject({ kind: "forbidden", code: "lease_not_yours" });
      }
    }
  });

  it("refuse an altered, truncated, foreign-key or made-up lease id (unknown_lease, 404)", () => {
    const id = ids.seal(claim);
    const flipped = `${id.slice(0, 10)}${id[10] === "A" ? "B" : "A"}${id.slice(11)}`;
    for (const bad of [flipped, id.slice(0, 20), `l2${id.slice(2)}`, "l1.", "nonsense", `${id}.x`]) {
      expect(() => ids.open(bad, lessee), bad).toThrow(UnknownLeaseError);
    }
    expect(() => createLeaseIds(`${KEY}-other`).open(id, lessee)).toThrow(UnknownLeaseError);
    try {
      ids.open("l1.AAAA", lessee);
    } catch (error) {
      expect(error).toMatchObject({ kind: "not_found", code: "unknown_lease" });
    }
  });

  it("need a key of 32 characters or more", () => {
    expect(() => createLeaseIds("short")).toThrow(/32/);
  });
});

describe("department clients (client credentials of Cognito or an external issuer)", () => {
  const clients = parseDepartmentClients(
    JSON.stringify({ "7h2abc": { department: "health", office: "330212" }, k9: { department: "cdc" } }),
  );

  it("map a client-credentials token's client_id to its department office", () => {
    const token = {
      sub: "7h2abc",
      client_id: "7h2abc",
      scope: "onething-api/department",
      token_use: "access",
    };
    expect(principalFromClaims(token, undefined, clients)).toEqual({
      role: "department",
      subject: "client-7h2abc",
      department: "health",
      office: "330212",
    });
    expect(principalFromClaims({ sub: "k9", client_id: "k9" }, undefined, clients)).toMatchObject({
      department: "cdc",
      office: "000000",
    });
  });

  it("leave every other token as it was (a person's token names the pages' client)", () => {
    const citizen = { sub: "u1", client_id: "web-client", "custom:id_number": "330212196403210134" };
    expect(departmentClientClaims(citizen, clients)).toBeUndefined();
    expect(principalFromClaims(citizen, undefined, clients)).toMatchObject({ role: "citizen" });
    // An unmapped machine token names no role: 401.
    expect(() => principalFromClaims({ sub: "x", client_id: "x" }, undefined, clients)).toThrow(/role/);
    // A prototype name is no client.
    expect(departmentClientClaims({ sub: "p", client_id: "constructor" }, clients)).toBeUndefined();
  });

  it("read the list form the CDK app writes", () => {
    expect(
      parseDepartmentClients(JSON.stringify([{ clientId: "c1", department: "health", office: "330212" }])),
    ).toEqual({ c1: { department: "health", office: "330212" } });
  });

  it("refuse a malformed map at configuration", () => {
    expect(() => parseDepartmentClients("{")).toThrow(/not JSON/);
    expect(() => parseDepartmentClients('{"c":{"department":"health","office":"33"}}')).toThrow(/c.office/);
    expect(() => parseDepartmentClients('{"c":{"department":"health","role":"operator"}}')).toThrow(
      /malformed/,
    );
  });
});
