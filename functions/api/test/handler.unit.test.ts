// The API's fault path with the platform's real (masking) logger: a bug is a 500 that says nothing about
// internals, and its log line keeps the error's class under `errorName`. The routes themselves are exercised on
// the local services in test/platform/*.int.test.ts.
import { createLogger } from "@onething/platform";
import { describe, expect, it } from "vitest";
import { type ApiDeps, createApiHandler, type HttpEvent, type OpsPort } from "../src/index.ts";

type PowertoolsLogger = NonNullable<Parameters<typeof createLogger>[0]["logger"]>;

/** The Powertools calls the platform logger makes, after masking. */
function powertoolsCalls() {
  const calls: { level: string; message: string; fields: Record<string, unknown> }[] = [];
  const record = (level: string) => (message: string, fields: Record<string, unknown>) => {
    calls.push({ level, message, fields });
  };
  const powertools = { info: record("info"), warn: record("warn"), error: record("error") };
  return { calls, powertools: powertools as unknown as PowertoolsLogger };
}

const operatorSummary = {
  version: "2.0",
  routeKey: "$default",
  rawPath: "/v1/ops/summary",
  rawQueryString: "",
  headers: {},
  isBase64Encoded: false,
  requestContext: {
    http: { method: "GET", path: "/v1/ops/summary" },
    authorizer: { jwt: { claims: { role: "operator", sub: "op-1" } } },
  },
} as unknown as HttpEvent;

describe("an unexpected error in a route", () => {
  it("answers 500 internal_error and logs the error class under errorName, unmasked", async () => {
    const { calls, powertools } = powertoolsCalls();
    const ops: OpsPort = {
      summary: async () => {
        throw new TypeError("Cannot read properties of undefined (reading 'depth')");
      },
      listCases: async () => ({ cases: [] }),
      redrive: async () => ({ moved: 0 }),
    };
    // Only what this route touches; the rest of the use cases' dependencies are never reached.
    const deps = { ops, log: createLogger({ serviceName: "api-test", logger: powertools }) };
    const handler = createApiHandler(deps as unknown as ApiDeps);

    const response = await handler(operatorSummary);

    expect(response.statusCode).toBe(500);
    expect(JSON.parse(response.body ?? "{}")).toEqual({
      error: "internal_error",
      message: "something went wrong on our side; the request can be retried",
    });
    expect(calls).toEqual([
      {
        level: "error",
        message: "request failed",
        fields: {
          method: "GET",
          route: String.raw`^\/v1\/ops\/summary$`,
          error: "Cannot read properties of undefined (reading 'depth')",
          errorName: "TypeError",
        },
      },
    ]);
  });
});
