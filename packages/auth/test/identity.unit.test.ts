import {
  API_AUDIENCE,
  claimsFor,
  createDevIssuer,
  DEV_ISSUER,
  type Identity,
  principalFromClaims,
  UnauthenticatedError,
} from "@onething/auth";
import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";

const SECRET = "test-secret-test-secret-test-secret!";

describe("identity → claims → principal", () => {
  const cases: readonly [Identity, ReturnType<typeof principalFromClaims>][] = [
    [
      { role: "citizen", idNumber: "330212196403210134", name: "王芳" },
      {
        role: "citizen",
        subject: expect.stringMatching(/^citizen-[0-9a-f]{16}$/),
        idNumber: "330212196403210134",
      },
    ],
    [
      { role: "citizen", idNumber: "330212196403210134", uscc: "91330212MA2J8R3W6U" },
      {
        role: "citizen",
        subject: expect.stringMatching(/^org-[0-9a-f]{16}$/),
        idNumber: "330212196403210134",
        uscc: "91330212MA2J8R3W6U",
      },
    ],
    [
      { role: "clerk", office: "330212109", name: "张三" },
      { role: "clerk", subject: "clerk-张三", office: "330212109" },
    ],
    [
      { role: "clerk", office: "330212109" },
      { role: "clerk", subject: "clerk-330212109", office: "330212109" },
    ],
    [
      { role: "department", department: "health" },
      { role: "department", subject: "dept-health-cli", department: "health", office: "000000" },
    ],
    [
      { role: "department", department: "civil-affairs", office: "330212" },
      {
        role: "department",
        subject: "dept-civil-affairs-330212-cli",
        department: "civil-affairs",
        office: "330212",
      },
    ],
    [
      { role: "source", source: "health-death-registry" },
      { role: "source", subject: "source-health-death-registry-cli", source: "health-death-registry" },
    ],
    [
      { role: "operator" },
      {
        role: "operator",
        subject: "operator-cli",
        canReveal: false,
        canLoadCalendar: false,
        office: "000000",
      },
    ],
    [
      { role: "operator", office: "330212" },
      {
        role: "operator",
        subject: "operator-330212-cli",
        canReveal: false,
        canLoadCalendar: false,
        office: "330212",
      },
    ],
    [
      { role: "operator", reveal: true, calendar: true },
      { role: "operator", subject: "operator-cli", canReveal: true, canLoadCalendar: true, office: "000000" },
    ],
    [
      { role: "operator", calendar: true },
      {
        role: "operator",
        subject: "operator-cli",
        canReveal: false,
        canLoadCalendar: true,
        office: "000000",
      },
    ],
  ];

  it.each(cases)("%o is read back as the principal it names", (identity, principal) => {
    expect(principalFromClaims(claimsFor(identity, "cli"))).toEqual(principal);
  });

  it("survives signing and verification by the dev issuer", async () => {
    const issuer = createDevIssuer(SECRET);
    for (const [identity, principal] of cases) {
      const claims = await issuer.verify(await issuer.sign(claimsFor(identity, "web")));
      expect(principalFromClaims(claims)).toEqual(
        "subject" in principal && typeof principal.subject === "string"
          ? { ...principal, subject: principal.subject.replace(/-cli$/, "-web") }
          : principal,
      );
    }
  });

  it("gives a person the same pseudonymous subject from every client, never the ID number", () => {
    const person: Identity = { role: "citizen", idNumber: "330212196403210134" };
    expect(claimsFor(person, "cli").sub).toBe(claimsFor(person, "web").sub);
    expect(JSON.stringify(claimsFor(person, "cli").sub)).not.toContain("330212196403210134");
  });
});

describe("the dev issuer, as API Gateway's JWT authorizer", () => {
  it("refuses a token signed with the right key but without an exp claim", async () => {
    const token = await new SignJWT({ role: "operator", sub: "op-1" })
      .setProtectedHeader({ alg: "HS256" })
      .setIssuer(DEV_ISSUER)
      .setAudience(API_AUDIENCE)
      .setIssuedAt()
      .sign(new TextEncoder().encode(SECRET));
    await expect(createDevIssuer(SECRET).verify(token)).rejects.toThrow(UnauthenticatedError);
    await expect(createDevIssuer(SECRET).verify(token)).rejects.toThrow(/"exp" claim/);
  });
});
