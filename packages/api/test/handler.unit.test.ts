// The API's fault path with the platform's real (masking) logger: a bug is a 500 that says nothing about
// internals, and its log line keeps the error's class under `errorName`. Path parameters: decoded once, inside the
// error mapping, and case ids checked before the store is asked. The routes themselves are exercised on the local
// services in test/platform/*.int.test.ts; the 503s in test/platform/api-retryable.unit.test.ts.
import { ForgedTaskTokenError } from "@onething/auth";
import { BundleDetailSchema, BundleListSchema } from "@onething/contracts";
import { Jurisdictions } from "@onething/domain";
import { createLogger } from "@onething/platform";
import { loadSeedCatalogue } from "@onething/seeds";
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
      redrive: async () => ({ moved: 0, failed: 0 }),
      reveal: async () => {
        throw new Error("no reveal in this test");
      },
    };
    // Only what this route touches; the rest of the use cases' dependencies are never reached.
    const deps = {
      ops,
      catalogue: { places: new Jurisdictions() },
      log: createLogger({ serviceName: "api-test", logger: powertools }),
    };
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
          route: "getOpsSummary",
          error: "Cannot read properties of undefined (reading 'depth')",
          errorName: "TypeError",
        },
      },
    ]);
  });
});

/** An API Gateway v2 event for `path` as the client sent it (still percent-encoded), with verified claims. */
function eventFor(method: string, path: string, claims: Record<string, unknown>, body?: unknown): HttpEvent {
  return {
    ...operatorSummary,
    rawPath: path,
    body: body === undefined ? undefined : JSON.stringify(body),
    requestContext: { http: { method, path }, authorizer: { jwt: { claims } } },
  } as unknown as HttpEvent;
}

/** Deps whose store and token verifier record what reached them; nothing else is touched on these paths. */
function recordingDeps() {
  const caseLookups: string[] = [];
  const verifiedTokens: string[] = [];
  const deps = {
    cases: {
      getCase: async (caseId: string) => {
        caseLookups.push(caseId);
        return undefined;
      },
    },
    tokens: {
      verifyFresh: async (token: string) => {
        verifiedTokens.push(token);
        throw new ForgedTaskTokenError("task token signature does not verify");
      },
    },
    clock: () => new Date("2026-03-02T02:00:00Z"),
    // The platform as one place: the callers' offices are its root.
    catalogue: { places: new Jurisdictions() },
    log: createLogger({ serviceName: "api-test", logger: powertoolsCalls().powertools }),
  };
  return { caseLookups, verifiedTokens, handler: createApiHandler(deps as unknown as ApiDeps) };
}

const operator = { role: "operator", sub: "op-1" };
const health = { role: "department", sub: "health-system", department: "health" };

describe("path parameters", () => {
  it("answers a malformed percent-escape with 400 bad_path, not a crash", async () => {
    const { handler, caseLookups } = recordingDeps();

    const response = await handler(eventFor("GET", "/v1/cases/%E0%A4%A", operator));

    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body ?? "{}")).toMatchObject({ error: "bad_path" });
    expect(caseLookups).toEqual([]);
  });

  it.each([
    ["an oversized id", `OT-${"A".repeat(2_000)}`],
    ["an id with characters no case id has", "OT%2F..%2Fetc"],
    ["an id with a space", "OT%2020260302"],
  ])("answers %s with 404 unknown_case without asking the store", async (_what, caseId) => {
    const { handler, caseLookups } = recordingDeps();

    for (const path of [`/v1/cases/${caseId}`, `/v1/ops/cases/${caseId}/timeline`]) {
      const response = await handler(eventFor("GET", path, operator));
      expect(response.statusCode).toBe(404);
      expect(JSON.parse(response.body ?? "{}")).toMatchObject({ error: "unknown_case" });
    }
    expect(caseLookups).toEqual([]);
  });

  it("looks a well-formed case id up, decoded", async () => {
    const { handler, caseLookups } = recordingDeps();

    const response = await handler(eventFor("GET", "/v1/cases/OT%2D20260302-ABCDEFGHJK", operator));

    expect(response.statusCode).toBe(404);
    expect(caseLookups).toEqual(["OT-20260302-ABCDEFGHJK"]);
  });

  it("decodes a task token once: %2525 reaches the verifier as %25", async () => {
    const { handler, verifiedTokens } = recordingDeps();

    const response = await handler(
      eventFor("POST", "/v1/tasks/abc%2525def.sig/result", health, { outcome: "completed", outputs: {} }),
    );

    expect(response.statusCode).toBe(401);
    expect(verifiedTokens).toEqual(["abc%25def.sig"]);
  });
});

describe("the bundle routes", () => {
  const bundleEvent = (path: string) =>
    ({
      ...operatorSummary,
      rawPath: path,
      requestContext: { http: { method: "GET", path } },
    }) as unknown as HttpEvent;
  const catalogue = loadSeedCatalogue();
  const handler = createApiHandler({ catalogue } as unknown as ApiDeps);

  it("answer every bundle in its contract shape, each item with its declared outputs", async () => {
    const list = await handler(bundleEvent("/v1/bundles"));
    expect(list.statusCode).toBe(200);
    const { bundles } = BundleListSchema.parse(JSON.parse(list.body ?? "{}"));
    expect(bundles.map((b) => b.id)).toEqual(catalogue.bundles.map((b) => b.id));
    for (const { id } of bundles) {
      const response = await handler(bundleEvent(`/v1/bundles/${id}`));
      expect(response.statusCode).toBe(200);
      BundleDetailSchema.parse(JSON.parse(response.body ?? "{}"));
    }
    const detail = BundleDetailSchema.parse(
      JSON.parse((await handler(bundleEvent("/v1/bundles/after-death"))).body ?? "{}"),
    );
    const hospital = detail.items.find((i) => i.id === "death-certificate-hospital");
    expect(hospital?.outputs).toContainEqual(
      expect.objectContaining({
        name: "certificateNumber",
        label: { zh: "死亡证明编号", en: "Death certificate number" },
        type: "text",
      }),
    );
    expect(detail.items.find((i) => i.kind === "report")?.outputs[0]?.type).toBe("records");
  });
});

describe("a province issuer's token", () => {
  it("names its caller by the stage's claim map; without the map it names nobody (401)", async () => {
    const seen: unknown[] = [];
    const ops = {
      summary: async (scope: unknown) => {
        seen.push(scope);
        throw new Error("stop here: the caller was let in");
      },
    };
    const { powertools } = powertoolsCalls();
    const base = {
      ops,
      catalogue: { places: new Jurisdictions() },
      log: createLogger({ serviceName: "api-test", logger: powertools }),
    };
    const province = {
      ...operatorSummary,
      requestContext: {
        ...operatorSummary.requestContext,
        authorizer: { jwt: { claims: { sub: "zj-op-1", zj_roles: "[yunying]" } } },
      },
    } as unknown as HttpEvent;
    const claimMap = { groups: ["zj_roles"], groupRoles: { yunying: "operator" } };

    const unmapped = await createApiHandler(base as unknown as ApiDeps)(province);
    expect(unmapped.statusCode).toBe(401);
    expect(seen).toEqual([]);
    await createApiHandler({ ...base, claimMap } as unknown as ApiDeps)(province);
    expect(seen).toHaveLength(1);
  });
});
