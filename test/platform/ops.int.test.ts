/**
 * The operator port on DynamoDB Local and the SQS emulator, directly and through the API's operator routes:
 * counters, case lists, dead-letter depths and the platform's own redrive.
 */
import { GetQueueAttributesCommand, SendMessageCommand } from "@aws-sdk/client-sqs";
import {
  CaseViewSchema,
  OpsCaseListSchema,
  OpsSummarySchema,
  type SubmitApplicationResponse,
  toCaseEventMessage,
} from "@onething/contracts";
import { POISON_ATTRIBUTES } from "@onething/messaging";
import { UnknownQueueError } from "@onething/ops";
import { samples } from "@onething/seeds/samples";
import { receiveAsSqsEvent, settleLikeLambda } from "@onething/test-harness";
import { beforeAll, describe, expect, it } from "vitest";
import { catalogue, departmentIds, testPlatform } from "../support/platform.ts";

const bundleIds = [...new Set(catalogue.bundles.map((b) => b.id))];
const t = await testPlatform({ name: "ops", ops: "real" });
const { local, ops, opsQueues: queues, orchestrator, request, takeAll, operator } = t;
const sqs = local.clients.sqs;
const lines = t.log.lines;

const department = t.department("health");
const citizen = t.citizenFor("11010519491231002X");

/** Messages in the queue, visible or not: a redriven message left in flight in the DLQ still counts. */
async function deadLetterDepth(url: string): Promise<number> {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: url,
      AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
    }),
  );
  return (
    Number(Attributes?.ApproximateNumberOfMessages ?? -1) +
    Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? -1)
  );
}

/** The ID number of a sample's applicant (the citizen who may read the case). */
function applicantOf(sampleId: string | undefined): string {
  const sample = samples.find((s) => s.id === sampleId);
  return String(sample?.application.applicant.idNumber ?? "");
}

const submitted: SubmitApplicationResponse[] = [];
const SAMPLE_IDS = [
  "after-death-hospital-pensioner",
  "after-death-care-home-non-local",
  "sa-elderly-couple-dibao",
];

beforeAll(async () => {
  for (const id of SAMPLE_IDS) submitted.push(await t.submitAccepted(id, `ops-${id}`));
});

describe("summary", () => {
  it("counts cases by bundle and status, open items per department, and every DLQ's depth", async () => {
    const summary = await ops.summary();

    expect(OpsSummarySchema.safeParse(summary).success).toBe(true);
    const expectedCases: Record<string, Record<string, number>> = {};
    for (const [n, c] of submitted.entries()) {
      const bundle = String(samples.find((s) => s.id === SAMPLE_IDS[n])?.bundleId);
      const row = expectedCases[bundle] ?? {};
      row[c.status] = (row[c.status] ?? 0) + 1;
      expectedCases[bundle] = row;
    }
    for (const [bundle, byStatus] of Object.entries(expectedCases)) {
      expect(summary.casesByBundleAndStatus[bundle]).toMatchObject(byStatus);
    }
    expect(Object.keys(summary.casesByBundleAndStatus).sort()).toEqual([...bundleIds].sort());
    expect(summary.casesByBundleAndStatus["marriage-birth-household"]?.in_progress).toBe(0);

    const open = new Map<string, number>();
    for (const c of submitted)
      for (const i of c.items)
        if (i.status === "dispatched") open.set(i.department, (open.get(i.department) ?? 0) + 1);
    expect(
      summary.departments.map(({ department, open, overdue }) => ({ department, open, overdue })),
    ).toEqual(departmentIds.map((d) => ({ department: d, open: open.get(d) ?? 0, overdue: 0 })));
    // Nothing answered yet; every open task waits visible on its department's queue.
    for (const d of summary.departments) {
      expect(d).toMatchObject({
        answered: 0,
        onTime: 0,
        queue: { visible: open.get(d.department) ?? 0, inFlight: 0 },
      });
      expect(d.averageHandlingSeconds).toBeUndefined();
      expect(d.oldest !== undefined).toBe((open.get(d.department) ?? 0) > 0);
    }
    expect(summary.throughput).toHaveLength(60);
    expect(summary.throughput.reduce((n, b) => n + b.submitted, 0)).toBe(submitted.length);
    expect(summary.deadLetters).toEqual(queues.map((q) => ({ queue: q.key, depth: 0 })));
    expect(summary.deadLetters.map((d) => d.queue)).toEqual(
      expect.arrayContaining(["orchestrator", "results", "dept-health", "dept-public-security"]),
    );
  });

  it("is an operator route: 200 for operators, 403 for citizens and departments", async () => {
    const r = await request("GET", "/v1/ops/summary", operator);
    expect(r.status).toBe(200);
    expect(OpsSummarySchema.parse(r.body)).toEqual(await ops.summary());
    expect((await request("GET", "/v1/ops/summary", citizen)).status).toBe(403);
    expect((await request("GET", "/v1/ops/summary", department)).status).toBe(403);
  });
});

describe("listCases", () => {
  it("pages through the open cases by default, with ids and statuses only", async () => {
    const first = await ops.listCases({ limit: 2 });
    expect(first.cases).toHaveLength(2);
    expect(first.cursor).toBeDefined();
    const second = await ops.listCases({ limit: 2, ...(first.cursor ? { cursor: first.cursor } : {}) });
    const all = [...first.cases, ...second.cases];

    const open = submitted.filter((c) => c.status === "in_progress").map((c) => c.caseId);
    expect(all.map((c) => c.caseId).sort()).toEqual(open.sort());
    for (const c of all)
      expect(Object.keys(c).sort()).toEqual([
        "bundleId",
        "caseId",
        "overdue",
        "status",
        "submittedAt",
        "updatedAt",
      ]);
    expect(JSON.stringify(all)).not.toContain(applicantOf(SAMPLE_IDS[0]));
  });

  it("filters by bundle or department (open items there), combined, and refuses a foreign cursor", async () => {
    const byBundle = await ops.listCases({ bundleId: "after-death", limit: 10 });
    expect(byBundle.cases.map((c) => c.bundleId)).toEqual(["after-death", "after-death"]);
    const health = submitted.filter((c) =>
      c.items.some((i) => i.department === "health" && i.status === "dispatched"),
    );
    const byDepartment = await ops.listCases({ department: "health", limit: 10 });
    expect(byDepartment.cases.map((c) => c.caseId).sort()).toEqual(health.map((c) => c.caseId).sort());
    const combined = await ops.listCases({ status: "in_progress", bundleId: "after-death", limit: 10 });
    expect(combined.cases.map((c) => c.caseId).sort()).toEqual(
      submitted
        .filter((c, n) => c.status === "in_progress" && SAMPLE_IDS[n]?.startsWith("after-death"))
        .map((c) => c.caseId)
        .sort(),
    );
    const page = await ops.listCases({ bundleId: "after-death", limit: 1 });
    await expect(
      ops.listCases({ status: "in_progress", limit: 1, ...(page.cursor ? { cursor: page.cursor } : {}) }),
    ).rejects.toMatchObject({ status: 400 });
  });

  it("answers GET /v1/ops/cases for operators only, paginated, with a 400 for a bad cursor", async () => {
    const first = await request("GET", "/v1/ops/cases?status=in_progress&limit=1", operator);
    expect(first.status).toBe(200);
    const page = OpsCaseListSchema.parse(first.body);
    expect(page.cases).toHaveLength(1);
    const next = await request(
      "GET",
      `/v1/ops/cases?status=in_progress&limit=1&cursor=${page.cursor}`,
      operator,
    );
    expect(next.status).toBe(200);
    expect(OpsCaseListSchema.parse(next.body).cases[0]?.caseId).not.toBe(page.cases[0]?.caseId);

    const bad = await request("GET", "/v1/ops/cases?status=in_progress&cursor=bm90LWEtY3Vyc29y", operator);
    expect(bad).toMatchObject({ status: 400, body: { error: "invalid_query" } });
    const paths = (r: { body: { issues: { path: string }[] } }) => r.body.issues.map((i) => i.path).sort();
    const badFlag = await request("GET", "/v1/ops/cases?overdue=maybe&from=2026-3-5", operator);
    expect(badFlag).toMatchObject({ status: 400, body: { error: "validation_failed" } });
    expect(paths(badFlag)).toEqual(["query.from", "query.overdue"]);
    const backwards = await request("GET", "/v1/ops/cases?from=2026-03-05&to=2026-03-01", operator);
    expect(backwards.status).toBe(400);
    expect(paths(backwards)).toEqual(["query.to"]);
    expect((await request("GET", "/v1/ops/cases?status=in_progress", citizen)).status).toBe(403);
    expect((await request("GET", "/v1/ops/cases?status=in_progress", department)).status).toBe(403);
  });
});

describe("redrive", () => {
  it("moves a department's dead-lettered tasks back to its queue, same bodies, and empties the DLQ", async () => {
    const health = local.queues.departments.health;
    if (!health) throw new Error("no health queue");
    const maxReceiveCount = local.topology.queues.departments.health?.maxReceiveCount ?? 0;
    const expected = submitted.flatMap((c) =>
      c.items.filter((i) => i.department === "health" && i.status === "dispatched"),
    ).length;
    expect(expected).toBeGreaterThan(0);

    // The department's system keeps failing on its tasks: after maxReceiveCount receives SQS dead-letters them.
    const bodies = new Set<string>();
    let receives = 0;
    while (
      (await deadLetterDepth(health.deadLetterQueue.url)) < expected &&
      receives++ < 10 * maxReceiveCount
    ) {
      const event = await receiveAsSqsEvent(sqs, health.url, {
        waitTimeSeconds: 0,
        visibilityTimeoutSeconds: 0,
      });
      for (const r of event.Records) bodies.add(r.body);
    }
    expect(await deadLetterDepth(health.deadLetterQueue.url)).toBe(expected);
    expect((await ops.summary()).deadLetters).toContainEqual({ queue: "dept-health", depth: expected });

    expect(await ops.redrive("dept-health")).toEqual({ moved: expected, failed: 0 });

    expect(await deadLetterDepth(health.deadLetterQueue.url)).toBe(0);
    const back = await takeAll(health.url);
    expect(back.map((r) => r.body).sort()).toEqual([...bodies].sort());
    expect(back.every((r) => r.attributes.ApproximateReceiveCount === "1")).toBe(true);
    const moves = lines.map((l) => JSON.parse(l)).filter((l) => l.message === "dead letter redriven");
    expect(moves.filter((m) => m.queue === "dept-health")).toHaveLength(expected);
    expect(moves.every((m) => typeof m.deadLetterMessageId === "string" && !("body" in m))).toBe(true);

    // Each moved task is in its case's timeline: the queue and the dead letter's id, never the body.
    const recorded: { queue?: string; messageId?: string }[] = [];
    for (const c of submitted) {
      const timeline = await t.platform.timeline(c.caseId);
      recorded.push(...timeline.filter((e) => e.kind === "dead_letter_redriven"));
    }
    expect(recorded).toHaveLength(expected);
    expect(recorded.map((e) => e.messageId).sort()).toEqual(
      moves
        .filter((m) => m.queue === "dept-health")
        .map((m) => m.deadLetterMessageId)
        .sort(),
    );
    expect(recorded.every((e) => e.queue === "dept-health")).toBe(true);
    expect(Object.keys(recorded[0] ?? {}).sort()).toEqual([
      "at",
      "entryId",
      "eventId",
      "kind",
      "messageId",
      "queue",
    ]);
  });

  it("moves a poison orchestrator message back to the FIFO queue in its group, through the API", async () => {
    const caseId = submitted[0]?.caseId ?? "";
    // An orchestrator release that did not know `reason` refused this event as poison; the fixed one will take it.
    const body = JSON.stringify({
      ...toCaseEventMessage(
        { type: "ItemOverdue", eventId: `overdue:${caseId}:x:1`, caseId, itemId: "x", attempt: 1 },
        new Date(),
      ),
      reason: "future field",
    });
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: local.queues.orchestrator.url,
        MessageBody: body,
        MessageGroupId: caseId,
        MessageDeduplicationId: `poison-${caseId}`,
      }),
    );
    const event = await receiveAsSqsEvent(sqs, local.queues.orchestrator.url, { waitTimeSeconds: 0 });
    await settleLikeLambda(sqs, local.queues.orchestrator.url, event, await orchestrator(event));
    expect(await deadLetterDepth(local.queues.orchestrator.deadLetterQueue.url)).toBe(1);

    expect((await request("POST", "/v1/ops/dead-letters/orchestrator/redrive", citizen)).status).toBe(403);
    expect((await request("POST", "/v1/ops/dead-letters/orchestrator/redrive", department)).status).toBe(403);
    expect(await deadLetterDepth(local.queues.orchestrator.deadLetterQueue.url)).toBe(1);

    const r = await request("POST", "/v1/ops/dead-letters/orchestrator/redrive", operator);
    expect(r).toEqual({ status: 200, body: { queue: "orchestrator", moved: 1, failed: 0 } });

    expect(await deadLetterDepth(local.queues.orchestrator.deadLetterQueue.url)).toBe(0);
    const [back, ...rest] = await takeAll(local.queues.orchestrator.url);
    expect(rest).toEqual([]);
    expect(back?.body).toBe(body);
    expect(back?.attributes.MessageGroupId).toBe(caseId);
    expect(back?.attributes.MessageDeduplicationId).toMatch(/^redrive:/);
    expect(Object.keys(back?.messageAttributes ?? {})).not.toContain(POISON_ATTRIBUTES.reason);

    // The redrive is in the case's timeline, for operators (case view and ops timeline) and the applicant;
    // departments do not see operator entries.
    const move = lines
      .map((l) => JSON.parse(l))
      .find((l) => l.message === "dead letter redriven" && l.queue === "orchestrator");
    const entry = {
      kind: "dead_letter_redriven",
      queue: "orchestrator",
      messageId: move?.deadLetterMessageId,
    };
    const asOperator = await request("GET", `/v1/cases/${caseId}`, operator);
    expect(CaseViewSchema.parse(asOperator.body).timeline).toContainEqual(expect.objectContaining(entry));
    const opsTimeline = await request("GET", `/v1/ops/cases/${caseId}/timeline`, operator);
    expect(opsTimeline.body.timeline).toContainEqual(expect.objectContaining(entry));
    const asApplicant = await request("GET", `/v1/cases/${caseId}`, t.citizenFor(applicantOf(SAMPLE_IDS[0])));
    expect(asApplicant.body.timeline).toContainEqual(expect.objectContaining(entry));
    const asHealth = await request("GET", `/v1/cases/${caseId}`, department);
    expect(asHealth.status).toBe(200);
    expect(asHealth.body.timeline.some((e: { kind: string }) => e.kind === "dead_letter_redriven")).toBe(
      false,
    );
    expect(JSON.stringify(opsTimeline.body)).not.toContain("future field");
  });

  it("redrives an empty DLQ as zero moves, and refuses an unknown queue with a 404", async () => {
    expect(await ops.redrive("results")).toEqual({ moved: 0, failed: 0 });
    await expect(ops.redrive("no-such-queue")).rejects.toBeInstanceOf(UnknownQueueError);
    const r = await request("POST", "/v1/ops/dead-letters/no-such-queue/redrive", operator);
    expect(r).toMatchObject({ status: 404, body: { error: "unknown_queue" } });
  });
});
