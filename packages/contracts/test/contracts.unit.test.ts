import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  buildOpenApiDocument,
  CaseEventMessageSchema,
  DataEventMessageSchema,
  DepartmentMessageSchema,
  SubmitApplicationRequestSchema,
  TaskResultBodySchema,
  TaskResultMessageSchema,
  toCaseEvent,
  toCaseEventMessage,
} from "@onething/contracts";
import { describe, expect, it } from "vitest";

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(join(import.meta.dirname, "fixtures", name), "utf8"));

describe("message fixtures (one per version) parse", () => {
  it("TaskDispatched v1", () => {
    expect(DepartmentMessageSchema.parse(fixture("task-dispatched.v1.json")).type).toBe("TaskDispatched");
  });
  it("TaskDispatched v1 with a provisional deadline", () => {
    const message = DepartmentMessageSchema.parse(fixture("task-dispatched-provisional.v1.json"));
    expect(message.type === "TaskDispatched" && message.dueProvisional).toBe(true);
  });
  it("TaskDispatched v1 with the bundle version and the item's declared outputs (the README's example)", () => {
    const message = DepartmentMessageSchema.parse(fixture("task-dispatched-outputs.v1.json"));
    expect(message).toMatchObject({ type: "TaskDispatched", bundleVersion: 1, dueProvisional: false });
    expect(message.type === "TaskDispatched" && message.outputs?.map((o) => [o.name, o.type])).toEqual([
      ["cancellationProofNumber", "text"],
      ["cancelledOn", "date"],
    ]);
  });
  it("TaskEscalated v1 to the supervising office, naming the office holding the task", () => {
    const message = DepartmentMessageSchema.parse(fixture("task-escalated.v1.json"));
    expect(message).toMatchObject({
      level: 1,
      office: { jurisdiction: "330200" },
      heldBy: { jurisdiction: "330212" },
    });
  });
  it("ItemStatusReported v1, and the envelope comes off for the engine", () => {
    const event = toCaseEvent(CaseEventMessageSchema.parse(fixture("item-status-reported.v1.json")));
    expect(event).toMatchObject({
      type: "ItemStatusReported",
      status: "in_progress",
      expectedBy: "2026-12-09",
    });
  });
  it("TaskDeadlineChanged v1", () => {
    const message = DepartmentMessageSchema.parse(fixture("task-deadline-changed.v1.json"));
    expect(message).toMatchObject({ type: "TaskDeadlineChanged", dueProvisional: false });
  });
  it("CalendarRevised v1, and the envelope comes off for the engine", () => {
    const message = CaseEventMessageSchema.parse(fixture("calendar-revised.v1.json"));
    expect(toCaseEvent(message)).toEqual({
      type: "CalendarRevised",
      eventId: "calendar:2027:v1:OT-20261228-ABCDEFGHJK",
      caseId: "OT-20261228-ABCDEFGHJK",
      year: 2027,
    });
  });
  it("TaskResult v1", () => {
    expect(TaskResultMessageSchema.parse(fixture("task-result.v1.json")).result.outcome).toBe(
      "needs_supplement",
    );
  });
  it("ItemResultReceived v1, and the envelope comes off for the engine", () => {
    const message = CaseEventMessageSchema.parse(fixture("item-result-received.v1.json"));
    const event = toCaseEvent(message);
    expect(event).not.toHaveProperty("schemaVersion");
    expect(toCaseEventMessage(event, new Date("2025-10-02T03:00:00.000Z"))).toEqual(message);
  });
  it("refuses an unknown schema version and unknown fields", () => {
    const base = fixture("task-result.v1.json") as Record<string, unknown>;
    expect(TaskResultMessageSchema.safeParse({ ...base, schemaVersion: 2 }).success).toBe(false);
    expect(TaskResultMessageSchema.safeParse({ ...base, extra: 1 }).success).toBe(false);
  });
});

describe("the events queue's message", () => {
  it("carries the source, the event unparsed and when it was received; nothing else", () => {
    const message = {
      source: "health-death-registry",
      event: { type: "PersonDied" },
      receivedAt: "2026-01-05T02:00:00Z",
    };
    expect(DataEventMessageSchema.parse(message)).toEqual(message);
    expect(DataEventMessageSchema.safeParse({ ...message, source: "" }).success).toBe(false);
    expect(DataEventMessageSchema.safeParse({ ...message, extra: 1 }).success).toBe(false);
  });
});

describe("HTTP bodies", () => {
  it("a task result names the missing field for each outcome", () => {
    const paths = (body: unknown) =>
      TaskResultBodySchema.safeParse(body).error?.issues.map((i) => i.path.join("."));
    expect(paths({ outcome: "rejected" })).toEqual(["reason"]);
    expect(paths({ outcome: "needs_supplement", reason: "x" })).toEqual(["requested"]);
    expect(paths({ outcome: "rejected", reason: "x", outputs: { a: 1 } })).toEqual(["outputs"]);
    expect(paths({ outcome: "completed", outputs: {} })).toBeUndefined();
    // The words before a result: a date only with in_progress, an office only (and always) with a transfer.
    expect(paths({ outcome: "accepted" })).toBeUndefined();
    expect(paths({ outcome: "in_progress", expectedBy: "2026-12-09" })).toBeUndefined();
    expect(paths({ outcome: "in_progress", expectedBy: "9 Dec" })).toEqual(["expectedBy"]);
    expect(paths({ outcome: "accepted", expectedBy: "2026-12-09" })).toEqual(["expectedBy"]);
    expect(paths({ outcome: "transferred" })).toEqual(["office"]);
    expect(paths({ outcome: "transferred", office: "330203", reason: "property in Haishu" })).toBeUndefined();
    expect(paths({ outcome: "accepted", office: "330203" })).toEqual(["office"]);
  });
  it("an application body rejects unknown top-level fields", () => {
    const r = SubmitApplicationRequestSchema.safeParse({
      bundleId: "after-death",
      applicant: {},
      answers: {},
      admin: true,
    });
    expect(r.success).toBe(false);
  });
});

describe("OpenAPI", () => {
  it("documents every public route with schemas generated from zod", () => {
    const doc = buildOpenApiDocument();
    const paths = Object.keys(doc.paths as object);
    for (const p of [
      "/v1/bundles",
      "/v1/bundles/{bundleId}",
      "/v1/applications",
      "/v1/cases/{caseId}",
      "/v1/cases/{caseId}/supplements",
      "/v1/cases/{caseId}/withdraw",
      "/v1/tasks/{taskToken}/result",
      "/v1/ops/summary",
      "/v1/ops/cases",
      "/v1/ops/cases/{caseId}/timeline",
      "/v1/ops/dead-letters/{queue}/redrive",
      "/v1/openapi.json",
    ]) {
      expect(paths).toContain(p);
    }
    const schemas = (doc.components as { schemas: Record<string, { properties?: Record<string, unknown> }> })
      .schemas;
    expect(Object.keys(schemas.TaskResultBody?.properties ?? {})).toEqual([
      "outcome",
      "outputs",
      "reason",
      "requested",
      "expectedBy",
      "office",
    ]);
    expect(Object.keys(schemas)).toEqual(expect.arrayContaining(["BundleList", "BundleDetail"]));
    const bundlePaths = doc.paths as Record<string, { get: { responses: Record<string, unknown> } }>;
    expect(JSON.stringify(bundlePaths["/v1/bundles"]?.get.responses["200"])).toContain("BundleList");
    expect(JSON.stringify(bundlePaths["/v1/bundles/{bundleId}"]?.get.responses["200"])).toContain(
      "BundleDetail",
    );
    expect(() => JSON.stringify(doc)).not.toThrow();
  });
});
