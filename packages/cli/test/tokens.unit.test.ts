import { createDevIssuer, createTaskTokens, principalFromClaims } from "@onething/auth";
import { residentIdProblem } from "@onething/domain";
import { samplesFor } from "@onething/seeds/samples";
import { describe, expect, it } from "vitest";
import { catalogue } from "../src/catalogue.ts";
import { createContext } from "../src/context.ts";
import { applicantIdentity, claimsFor, mintToken, representativeIdFor } from "../src/identity.ts";
import { decodeTaskToken } from "../src/task-token.ts";
import { captureIo, cli, dataDir, ISSUER_SECRET, TASK_TOKEN_SECRET } from "./support.ts";

const ctxFor = (dir: string) => createContext({ json: false, dataDir: dir }, { io: captureIo() });

describe("dev tokens", () => {
  it("are signed with the issuer secret in dev-secrets.json and read as the intended principal", async () => {
    const ctx = ctxFor(dataDir());
    const verify = (token: string) => createDevIssuer(ISSUER_SECRET).verify(token);

    const citizen = await verify(await mintToken(ctx, { role: "citizen", idNumber: "330212196403210134" }));
    expect(principalFromClaims(citizen)).toMatchObject({ role: "citizen", idNumber: "330212196403210134" });
    expect(citizen.sub).not.toContain("330212196403210134");

    const department = await verify(await mintToken(ctx, { role: "department", department: "health" }));
    expect(principalFromClaims(department)).toMatchObject({ role: "department", department: "health" });

    const source = await verify(await mintToken(ctx, { role: "source", source: "health-death-registry" }));
    expect(principalFromClaims(source)).toEqual({
      role: "source",
      subject: "source-health-death-registry-cli",
      source: "health-death-registry",
    });

    const operator = await verify(await mintToken(ctx, { role: "operator", reveal: true }));
    expect(principalFromClaims(operator)).toMatchObject({ role: "operator", canReveal: true });

    const clerk = await verify(await mintToken(ctx, { role: "clerk", name: "王芳", office: "330212109" }));
    expect(principalFromClaims(clerk)).toEqual({ role: "clerk", subject: "clerk-王芳", office: "330212109" });
  });

  it("keep one subject per person, so idempotency keys and filers stay stable across runs", () => {
    const a = claimsFor({ role: "citizen", idNumber: "330212196403210134" });
    const b = claimsFor({ role: "citizen", idNumber: "330212196403210134" });
    expect(a.sub).toBe(b.sub);
  });

  it("cannot be minted before the platform has ever started in the data directory", async () => {
    const dir = dataDir({ secrets: false });
    await expect(mintToken(ctxFor(dir), { role: "operator" })).rejects.toThrow(
      /no dev-secrets\.json in .*: the local platform has never been started with this data directory/,
    );
  });

  it("are printed alone by `onething token`, or with their claims as JSON", async () => {
    const dir = dataDir();
    const plain = await cli(["token", "department", "health", "--data-dir", dir]);
    expect(plain.code).toBe(0);
    expect(plain.out.trim()).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const json = await cli(["token", "org", "91330212MA2J8R3W6U", "--data-dir", dir, "--json"]);
    const parsed = JSON.parse(json.out);
    expect(parsed.claims).toMatchObject({ role: "citizen", uscc: "91330212MA2J8R3W6U" });
    expect(residentIdProblem(parsed.claims.id_number)).toBeNull();
    const source = await cli(["token", "source", "household-register", "--data-dir", dir, "--json"]);
    expect(JSON.parse(source.out).claims).toEqual({
      role: "source",
      sub: "source-household-register-cli",
      source: "household-register",
    });
    expect((await cli(["token", "source", "No Such", "--data-dir", dir])).code).toBe(2);
    const bad = await cli(["token", "department", "nowhere", "--data-dir", dir]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^onething: unknown department 'nowhere'/);
  });
});

describe("the applicant of an application", () => {
  it("is the person's ID number for a person's bundle", () => {
    const sample = samplesFor("after-death")[0];
    if (!sample) throw new Error("no sample");
    expect(applicantIdentity(catalogue().bundle("after-death"), sample.application)).toEqual({
      role: "citizen",
      idNumber: sample.application.applicant.idNumber,
    });
  });

  it("is the organisation's credit code, with a stable valid ID number for its representative", () => {
    const sample = samplesFor("elderly-care-opening")[0];
    if (!sample) throw new Error("no sample");
    const identity = applicantIdentity(catalogue().bundle("elderly-care-opening"), sample.application);
    expect(identity.uscc).toBe(sample.application.applicant.uscc);
    expect(residentIdProblem(identity.idNumber)).toBeNull();
    expect(identity.idNumber).toBe(representativeIdFor(String(sample.application.applicant.uscc)));
  });
});

describe("task tokens", () => {
  const tokens = createTaskTokens(TASK_TOKEN_SECRET);
  const claim = {
    caseId: "OT-20260302-ABC",
    itemId: "funeral-subsidy",
    department: "civil-affairs",
    attempt: 2,
  };

  it("are read without the secret: the payload names case, item, department and attempt", () => {
    expect(decodeTaskToken(tokens.sign(claim))).toEqual(claim);
    expect(decodeTaskToken(` ${tokens.sign(claim)}\n`)).toEqual(claim);
  });

  it("that are not task tokens are refused in one sentence", () => {
    expect(() => decodeTaskToken("nope")).toThrow(/not a task token: expected <payload>\.<signature>/);
    expect(() => decodeTaskToken("a.b.c")).toThrow(/expected <payload>\.<signature>/);
    expect(() => decodeTaskToken("!!!.sig")).toThrow(/payload is not base64url JSON/);
    const other = Buffer.from(JSON.stringify({ caseId: "x" })).toString("base64url");
    expect(() => decodeTaskToken(`${other}.sig`)).toThrow(
      /does not name a case, item, department and attempt/,
    );
  });
});
