// Stage configuration: what differs between dev and prod, what prod must be given, and the refusals.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadSeedCatalogue } from "@onething/seeds";
import { SOURCE_SYSTEMS } from "@onething/topology";
import { afterAll, describe, expect, it } from "vitest";
import { buildApp } from "../src/app.ts";
import {
  isPlaceholderIssuer,
  resolveStage,
  STAGES,
  StageConfigError,
  stageNamed,
  stageProblems,
} from "../src/stages.ts";
import { WebPagesMissingError } from "../src/website.ts";
import { PROD_CONTEXT, prodStage, temporaryWebDir } from "./support.ts";

const root = mkdtempSync(join(tmpdir(), "onething-infra-stages-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const departmentIds = [...loadSeedCatalogue().departments.keys()];
/** Synthesis of a stage up to the stack's constructor, without bundling. */
const build = (stage: ReturnType<typeof resolveStage>) =>
  buildApp({
    stage,
    webDir: temporaryWebDir(root),
    outdir: join(root, "out"),
    context: { "aws:cdk:bundling-stacks": [] },
  });

describe("stages", () => {
  it("refuses an unknown stage, listing the known ones", () => {
    expect(() => stageNamed("staging")).toThrow(/unknown stage "staging": use --context stage=dev\|prod/);
    expect(stageNamed("prod")).toBe(STAGES.prod);
  });

  it("differs between dev and prod in data protection, log retention, alarms, throttling and JWT", () => {
    const { dev, prod } = STAGES;
    expect(prod.protectData && !dev.protectData).toBe(true);
    expect(prod.logRetentionDays).toBeGreaterThan(dev.logRetentionDays);
    expect(prod.alarms.errorRatePercent).toBeLessThan(dev.alarms.errorRatePercent);
    expect(prod.throttle.rateLimit).toBeGreaterThan(dev.throttle.rateLimit);
    expect(prod.jwt.issuer).not.toBe(dev.jwt.issuer);
    expect(prod.prefix).toBe("onething-prod");
  });

  it("throws WebPagesMissingError from the app itself when the web directory has no index.html", () => {
    expect(() => buildApp({ stage: STAGES.dev, webDir: root, outdir: join(root, "y") })).toThrow(
      WebPagesMissingError,
    );
  });
});

describe("stage context (prod must be given its identity provider, alarm e-mail, department and source accounts)", () => {
  it("applies jwtIssuer, jwtAudience (comma-separated), alarmEmail and departmentPrincipals (JSON)", () => {
    const stage = prodStage();
    expect(stage.jwt).toEqual({ issuer: PROD_CONTEXT.jwtIssuer, audience: ["onething", "onething-ops"] });
    expect(stage.alarmEmail).toBe(PROD_CONTEXT.alarmEmail);
    expect(Object.keys(stage.departmentPrincipals).sort()).toEqual([...departmentIds].sort());
    expect(Object.keys(stage.sourcePrincipals).sort()).toEqual([...SOURCE_SYSTEMS].sort());
    expect(stageProblems(stage, departmentIds, SOURCE_SYSTEMS)).toEqual([]);
    // An object from cdk.json works as well as the JSON string of --context.
    const fromObject = resolveStage("prod", (key) =>
      key === "departmentPrincipals" ? { health: { account: "111122223333" } } : undefined,
    );
    expect(fromObject.departmentPrincipals).toEqual({ health: { account: "111122223333" } });
    expect(resolveStage("dev")).toEqual(STAGES.dev);
  });

  it("needs both notice gateways' accounts in prod: without them nothing a channel publishes reaches anyone", () => {
    const stage = prodStage({
      noticeGatewayPrincipals: JSON.stringify({ sms: { account: "300000000000" } }),
    });
    expect(stage.noticeGatewayPrincipals.sms).toEqual({ account: "300000000000" });
    expect(stageProblems(stage, departmentIds, SOURCE_SYSTEMS)).toEqual([
      expect.stringMatching(
        /^notice channels without a gateway account to trust \(12 digits\): push: --context noticeGatewayPrincipals=/,
      ),
    ]);
  });

  it("treats empty, non-HTTPS and example.* issuers as placeholders", () => {
    for (const issuer of [
      "",
      "http://auth.onething.gov.cn/",
      "https://auth.dev.onething.example.gov.cn/",
      "https://example.com/",
    ]) {
      expect(isPlaceholderIssuer(issuer), issuer).toBe(true);
    }
    expect(isPlaceholderIssuer("https://idp.gov.cn/realms/onething")).toBe(false);
    expect(isPlaceholderIssuer("https://examples-idp.gov.cn/")).toBe(false);
  });

  it("refuses to synthesise prod with no context, naming every missing value", () => {
    const attempt = () => build(resolveStage("prod"));
    expect(attempt).toThrow(StageConfigError);
    expect(attempt).toThrow(/--context jwtIssuer=/);
    expect(attempt).toThrow(/--context alarmEmail=/);
    expect(attempt).toThrow(new RegExp(`departments without an AWS account.*${departmentIds.join(", ")}`));
    expect(attempt).toThrow(
      new RegExp(`source systems without an AWS account.*${SOURCE_SYSTEMS.join(", ")}`),
    );
  });

  it.each([
    [
      "a placeholder issuer",
      { jwtIssuer: "https://auth.onething.example.gov.cn/" },
      /JWT issuer .* placeholder/,
    ],
    ["no alarm e-mail", { alarmEmail: "" }, /no alarm e-mail/],
    ["an alarm e-mail that is not one", { alarmEmail: "oncall" }, /no alarm e-mail/],
    [
      "one department without a principal",
      {
        departmentPrincipals: JSON.stringify(
          Object.fromEntries(departmentIds.slice(1).map((id) => [id, { account: "111122223333" }])),
        ),
      },
      new RegExp(`departments without an AWS account to trust \\(12 digits\\): ${departmentIds[0]}:`),
    ],
    [
      "a department trusting a malformed account",
      {
        departmentPrincipals: JSON.stringify(
          Object.fromEntries(departmentIds.map((id) => [id, { account: "1234" }])),
        ),
      },
      /departments without an AWS account/,
    ],
    ["departmentPrincipals that are not JSON", { departmentPrincipals: "{health:" }, /is not JSON/],
    [
      "one source system without a principal",
      {
        sourcePrincipals: JSON.stringify(
          Object.fromEntries(SOURCE_SYSTEMS.slice(1).map((id) => [id, { account: "111122223333" }])),
        ),
      },
      new RegExp(`source systems without an AWS account to trust \\(12 digits\\): ${SOURCE_SYSTEMS[0]}:`),
    ],
    ["sourcePrincipals that are not JSON", { sourcePrincipals: "[" }, /sourcePrincipals is not JSON/],
    ["sourcePrincipals that are not an object", { sourcePrincipals: "7" }, /JSON object of source id/],
  ] as const)("refuses prod with %s", (_what, overrides, message) => {
    expect(() => build(prodStage(overrides))).toThrow(message);
  });

  it("synthesises dev with its placeholders (a warning, not an error)", () => {
    expect(stageProblems(STAGES.dev, departmentIds).length).toBeGreaterThan(0);
    expect(() => build(STAGES.dev)).not.toThrow();
  });
});
