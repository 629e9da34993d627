/**
 * What the web pages read, through the API handler on DynamoDB Local and the SQS emulator: the department
 * registry, a citizen's (and a clerk's) own cases, the operator's combined case search, the summary after real
 * department answers, and the masked application with its recorded reveal.
 */
import { SendMessageCommand } from "@aws-sdk/client-sqs";
import {
  type CaseView,
  CaseViewSchema,
  DepartmentListSchema,
  MyCaseListSchema,
  OpsCaseListSchema,
  OpsSummarySchema,
  RevealResponseSchema,
  type SubmitApplicationResponse,
  toCaseEventMessage,
} from "@onething/contracts";
import { maskPii } from "@onething/domain";
import { samples } from "@onething/seeds/samples";
import { beforeAll, describe, expect, it } from "vitest";
import { catalogue, departmentIds, testPlatform } from "../support/platform.ts";

const T0 = Date.parse("2026-03-02T10:00:00+08:00");
let now = new Date(T0);
const t = await testPlatform({ name: "dashboard", ops: "real", clock: () => now });
const { request, operator, department, store } = t;

const sample = (id: string) => {
  const found = samples.find((s) => s.id === id);
  if (!found) throw new Error(`no sample ${id}`);
  return found;
};
const idOf = (id: string) => String(sample(id).application.applicant.idNumber);
const PENSIONER = "after-death-hospital-pensioner";
const VETERAN = "after-death-hospital-veteran-working-age";
const COUNTER = "mbh-born-then-married";
const alice = t.citizenFor(idOf(PENSIONER));
const bob = t.citizenFor(idOf(VETERAN));
const clerk = { role: "clerk", sub: "clerk-shounan", office: "330212003" };
const revealer = { role: "operator", sub: "op-reveal", permissions: ["reveal"] };

const minutes = (n: number) => new Date(T0 + n * 60_000);
const aliceCases: SubmitApplicationResponse[] = [];
let bobCase: SubmitApplicationResponse;
let counterCase: SubmitApplicationResponse;

beforeAll(async () => {
  for (const n of [0, 1, 2]) {
    now = minutes(n);
    aliceCases.push(await t.submitAccepted(PENSIONER, `alice-${n}`));
  }
  now = minutes(3);
  bobCase = await t.submitAccepted(VETERAN, "bob");
  now = minutes(4);
  counterCase = await t.submitAccepted(COUNTER, "counter");
});

const caseIds = (body: unknown) => MyCaseListSchema.parse(body).cases.map((c) => c.caseId);

describe("GET /v1/departments", () => {
  it("lists every department of the registry with its names and kind", async () => {
    const r = await request("GET", "/v1/departments", undefined);
    expect(r.status).toBe(200);
    const { departments } = DepartmentListSchema.parse(r.body);
    expect(departments.map((d) => d.id)).toEqual(departmentIds);
    expect(departments.find((d) => d.id === "health")).toEqual({
      id: "health",
      name: catalogue.departments.get("health")?.name,
      kind: catalogue.departments.get("health")?.kind,
    });
  });
});

describe("GET /v1/cases", () => {
  it("gives a citizen their own cases only, newest submission first, page by page", async () => {
    const first = await request("GET", "/v1/cases?limit=2", alice);
    expect(first.status).toBe(200);
    const page = MyCaseListSchema.parse(first.body);
    expect(page.cases.map((c) => c.caseId)).toEqual([aliceCases[2]?.caseId, aliceCases[1]?.caseId]);
    expect(page.cases[0]).toMatchObject({ bundleId: "after-death", status: "in_progress", overdue: false });
    expect(page.cursor).toBeDefined();
    const second = await request("GET", `/v1/cases?limit=2&cursor=${page.cursor}`, alice);
    expect(caseIds(second.body)).toEqual([aliceCases[0]?.caseId]);
    expect(MyCaseListSchema.parse(second.body).cursor).toBeUndefined();
    // No identity in a list row.
    expect(JSON.stringify([first.body, second.body])).not.toContain(idOf(PENSIONER));

    expect(caseIds((await request("GET", "/v1/cases", bob)).body)).toEqual([bobCase.caseId]);
    // The counter case is its applicant's too, though a clerk filed it.
    const applicant = t.citizenFor(idOf(COUNTER));
    expect(caseIds((await request("GET", "/v1/cases", applicant)).body)).toEqual([counterCase.caseId]);
    expect(caseIds((await request("GET", "/v1/cases", t.citizenFor("11010519491231002X"))).body)).toEqual([]);
  });

  it("gives a clerk the cases their office received: their own filings and their colleagues'", async () => {
    const r = await request("GET", "/v1/cases", clerk);
    expect(caseIds(r.body)).toEqual([counterCase.caseId]);
    expect(caseIds((await request("GET", "/v1/cases", { ...clerk, sub: "clerk-other" })).body)).toEqual([
      counterCase.caseId,
    ]);
    const elsewhere = { ...clerk, sub: "clerk-xiaying", office: "330212001" };
    expect(caseIds((await request("GET", "/v1/cases", elsewhere)).body)).toEqual([]);
  });

  it("is for citizens and clerks: 403 for operators and departments, 400 naming a bad parameter", async () => {
    expect((await request("GET", "/v1/cases", operator)).status).toBe(403);
    expect((await request("GET", "/v1/cases", department("health"))).status).toBe(403);
    const badLimit = await request("GET", "/v1/cases?limit=0", alice);
    expect(badLimit).toMatchObject({ status: 400, body: { error: "validation_failed" } });
    expect(badLimit.body.issues.map((i: { path: string }) => i.path)).toEqual(["query.limit"]);
    // Alice's cursor is not Bob's, and a made-up one is refused, each naming the cursor.
    const page = MyCaseListSchema.parse((await request("GET", "/v1/cases?limit=1", alice)).body);
    const foreign = await request("GET", `/v1/cases?cursor=${page.cursor}`, bob);
    expect(foreign).toMatchObject({ status: 400, body: { issues: [{ path: "query.cursor" }] } });
    const junk = await request("GET", "/v1/cases?cursor=bm90LWEtY3Vyc29y", alice);
    expect(junk).toMatchObject({ status: 400, body: { issues: [{ path: "query.cursor" }] } });
  });
});

describe("the application in the case view, and its reveal", () => {
  const fields = (view: CaseView) => view.application?.applicant ?? {};

  it("shows the applicant the application as submitted, operators a masked one, departments none", async () => {
    const caseId = aliceCases[0]?.caseId ?? "";
    const own = CaseViewSchema.parse((await request("GET", `/v1/cases/${caseId}`, alice)).body);
    expect(own.applicationMasked).toBe(false);
    expect(fields(own)).toMatchObject(sample(PENSIONER).application.applicant);

    const masked = CaseViewSchema.parse((await request("GET", `/v1/cases/${caseId}`, operator)).body);
    expect(masked.applicationMasked).toBe(true);
    expect(fields(masked).idNumber).toBe(maskPii("idNumber", idOf(PENSIONER)));
    expect(JSON.stringify(masked)).not.toContain(idOf(PENSIONER));
    const subjectId = String(sample(PENSIONER).application.subject?.idNumber ?? "");
    if (subjectId) expect(JSON.stringify(masked)).not.toContain(subjectId);
    expect(fields(masked).name).not.toBe(sample(PENSIONER).application.applicant.name);

    const byDepartment = CaseViewSchema.parse(
      (await request("GET", `/v1/cases/${caseId}`, department("health"))).body,
    );
    expect(byDepartment.application).toBeUndefined();
    expect(byDepartment.applicationMasked).toBeUndefined();
  });

  it("refuses a reveal without the permission (403 naming it), a bad body (400 naming the field), an unknown case", async () => {
    const caseId = aliceCases[0]?.caseId ?? "";
    const path = `/v1/ops/cases/${caseId}/reveal`;
    const refused = await request("POST", path, operator, { reason: "identity check" });
    expect(refused.status).toBe(403);
    expect(refused.body.message).toContain("reveal");
    expect((await request("POST", path, alice, { reason: "identity check" })).status).toBe(403);
    const noReason = await request("POST", path, revealer, { why: "x" });
    expect(noReason).toMatchObject({ status: 400, body: { error: "validation_failed" } });
    expect(noReason.body.issues.map((i: { path: string }) => i.path).sort()).toEqual(["reason", "why"]);
    const short = await request("POST", path, revealer, { reason: " " });
    expect(short.body.issues).toEqual([
      { path: "reason", message: expect.any(String), code: "too_short", params: { minimum: 2 } },
    ]);
    expect(
      (await request("POST", "/v1/ops/cases/OT-20260302-ZZZZZZZZZZ/reveal", revealer, { reason: "check" }))
        .status,
    ).toBe(404);
    // Nothing was recorded by the refusals.
    const timeline = await t.platform.timeline(caseId);
    expect(timeline.filter((e) => e.kind === "application_revealed")).toEqual([]);
  });

  it("reveals the application to an operator with the permission, and records who and why in the timeline", async () => {
    const caseId = aliceCases[0]?.caseId ?? "";
    now = minutes(5);
    const r = await request("POST", `/v1/ops/cases/${caseId}/reveal`, revealer, {
      reason: "家属来电核实身份",
    });
    expect(r.status).toBe(200);
    const revealed = RevealResponseSchema.parse(r.body);
    expect(revealed.application.applicant).toEqual(sample(PENSIONER).application.applicant);

    const view = CaseViewSchema.parse((await request("GET", `/v1/cases/${caseId}`, alice)).body);
    const entry = view.timeline.find((e) => e.kind === "application_revealed");
    expect(entry).toEqual({
      entryId: revealed.entryId,
      at: minutes(5).toISOString(),
      kind: "application_revealed",
      operator: "op-reveal",
      reason: "家属来电核实身份",
    });
    // The record names the operator and the reason, never the values; the log names no one's identity either.
    expect(JSON.stringify(entry)).not.toContain(idOf(PENSIONER));
    expect(t.log.lines.join("\n")).not.toContain(idOf(PENSIONER));
    // A department never sees operators' entries.
    const byDepartment = CaseViewSchema.parse(
      (await request("GET", `/v1/cases/${caseId}`, department("health"))).body,
    );
    expect(byDepartment.timeline.some((e) => e.kind === "application_revealed")).toBe(false);
  });
});

describe("GET /v1/ops/summary after real answers", () => {
  it("counts throughput per minute, compliance per bundle and department, handling time and the oldest held item", async () => {
    const done = aliceCases[2]?.caseId ?? "";
    // This case's tasks are answered two hours after submission; the other cases' items stay held.
    now = new Date(T0 + 2 * 3_600_000);
    let rounds = 0;
    while ((await t.answerRound(done)) > 0 && rounds++ < 10);
    const final = (await store.getCase(done))?.state;
    expect(final?.status).toMatch(/^completed/);

    const r = await request("GET", "/v1/ops/summary", operator);
    expect(r.status).toBe(200);
    const summary = OpsSummarySchema.parse(r.body);
    expect(summary.generatedAt).toBe(now.toISOString());

    // The last hour: this case's completion in the current minute; the submissions two hours ago are outside.
    expect(summary.throughput).toHaveLength(60);
    expect(summary.throughput.at(-1)?.start).toBe(
      new Date(Math.floor(now.getTime() / 60_000) * 60_000).toISOString(),
    );
    const total = (key: "submitted" | "completed" | "completedWithExceptions") =>
      summary.throughput.reduce((n, b) => n + b[key], 0);
    expect(total("submitted")).toBe(0);
    expect(total("completed") + total("completedWithExceptions")).toBe(1);
    expect(
      (summary.throughput.at(-1)?.completed ?? 0) + (summary.throughput.at(-1)?.completedWithExceptions ?? 0),
    ).toBe(1);

    // Each answered attempt, per department, from the case's own items: handling = finish − dispatch.
    const answeredItems = Object.values(final?.items ?? {}).filter(
      (i) => i.status === "completed" && i.attempt > 0,
    );
    expect(answeredItems.length).toBeGreaterThan(1);
    for (const id of departmentIds) {
      const mine = answeredItems.filter((i) => i.department === id);
      const row = summary.departments.find((d) => d.department === id);
      expect(row?.answered, id).toBe(mine.length);
      expect(row?.onTime, id).toBe(mine.length);
      expect(summary.compliance.byDepartment.find((d) => d.department === id)).toEqual({
        department: id,
        answered: mine.length,
        onTime: mine.length,
      });
      if (mine.length === 0) {
        expect(row?.averageHandlingSeconds).toBeUndefined();
        continue;
      }
      const seconds =
        mine.reduce((n, i) => n + Date.parse(i.finishedAt ?? "") - Date.parse(i.dispatchedAt ?? ""), 0) /
        mine.length /
        1000;
      expect(row?.averageHandlingSeconds, id).toBeCloseTo(seconds, 6);
    }
    expect(summary.compliance.byBundle.find((b) => b.bundleId === "after-death")).toEqual({
      bundleId: "after-death",
      answered: answeredItems.length,
      onTime: answeredItems.length,
    });

    // The oldest held item of each department: the earliest deadline among the items it holds now.
    const open = await Promise.all(
      [aliceCases[0], aliceCases[1], bobCase, counterCase].map(
        async (c) => (await store.getCase(c?.caseId ?? ""))?.state,
      ),
    );
    for (const id of departmentIds) {
      const held = open
        .flatMap((s) => Object.values(s?.items ?? {}).map((i) => ({ ...i, caseId: s?.caseId ?? "" })))
        .filter((i) => i.department === id && i.status === "dispatched")
        .sort((a, b) =>
          `${a.dueAt}#${a.caseId}#${a.itemId}`.localeCompare(`${b.dueAt}#${b.caseId}#${b.itemId}`),
        );
      const row = summary.departments.find((d) => d.department === id);
      expect(row?.open, id).toBe(held.length);
      // The answering rounds received (and deleted) every task on the queues; ops.int.test.ts counts waiting ones.
      expect(row?.queue, id).toEqual({ visible: 0, inFlight: 0 });
      const first = held[0];
      expect(row?.oldest, id).toEqual(
        first
          ? {
              caseId: first.caseId,
              itemId: first.itemId,
              dispatchedAt: first.dispatchedAt,
              dueAt: first.dueAt,
              // March 2026: inside the published 2026 notice.
              dueProvisional: false,
            }
          : undefined,
      );
    }
  });
});

describe("GET /v1/ops/cases", () => {
  const list = async (query: string) => {
    const r = await request("GET", `/v1/ops/cases?${query}`, operator);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return OpsCaseListSchema.parse(r.body);
  };
  /** Every page of a query, by case id. */
  const all = async (query: string) => {
    const found: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await list(`${query}&limit=1${cursor ? `&cursor=${cursor}` : ""}`);
      found.push(...page.cases.map((c) => c.caseId));
      cursor = page.cursor;
    } while (cursor && pages++ < 30);
    return found;
  };
  const sorted = (cases: (SubmitApplicationResponse | undefined)[]) =>
    cases.map((c) => c?.caseId ?? "").sort();

  it("finds one case by id, only when the other filters match it too", async () => {
    const caseId = bobCase.caseId;
    expect((await list(`caseId=${caseId}`)).cases).toEqual([
      expect.objectContaining({ caseId, bundleId: "after-death", status: "in_progress", overdue: false }),
    ]);
    expect((await list(`caseId=${caseId}&bundle=after-death&status=in_progress`)).cases).toHaveLength(1);
    expect((await list(`caseId=${caseId}&status=completed`)).cases).toEqual([]);
    expect((await list(`caseId=${caseId}&to=2026-03-01`)).cases).toEqual([]);
    expect((await list("caseId=OT-20260302-ZZZZZZZZZZ")).cases).toEqual([]);
    const bad = await request("GET", "/v1/ops/cases?caseId=not%20a%20case", operator);
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((i: { path: string }) => i.path)).toEqual(["query.caseId"]);
  });

  it("filters by each criterion alone, page by page", async () => {
    const open = [aliceCases[0], aliceCases[1], bobCase, counterCase];
    expect((await all("")).sort()).toEqual(sorted(open));
    expect(await all("status=completed")).toEqual([aliceCases[2]?.caseId]);
    expect((await all("bundle=after-death")).sort()).toEqual(sorted([...aliceCases, bobCase]));
    expect(await all("bundle=marriage-birth-household")).toEqual([counterCase.caseId]);
    // Open at the department: the completed case's items are no longer held.
    const heldBy = (d: string) =>
      open.filter((c) => c?.items.some((i) => i.department === d && i.status === "dispatched"));
    expect((await all("department=health")).sort()).toEqual(sorted(heldBy("health")));
    expect((await all("from=2026-03-02&to=2026-03-02")).sort()).toEqual(
      sorted([...aliceCases, bobCase, counterCase]),
    );
    expect(await all("from=2026-03-03")).toEqual([]);
    expect(await all("overdue=true")).toEqual([]);
    expect((await all("overdue=false")).sort()).toEqual(sorted(open));
  });

  it("combines criteria, and lists overdue cases once the engine flags them", async () => {
    expect((await all("bundle=after-death&status=in_progress")).sort()).toEqual(
      sorted([aliceCases[0], aliceCases[1], bobCase]),
    );
    expect(await all("bundle=after-death&status=completed&from=2026-03-02&to=2026-03-02")).toEqual([
      aliceCases[2]?.caseId,
    ]);
    expect(await all("department=health&bundle=marriage-birth-household")).toEqual(
      counterCase.items.some((i) => i.department === "health" && i.status === "dispatched")
        ? [counterCase.caseId]
        : [],
    );

    // Bob's first health task is flagged overdue (the sweeper's event, once past its deadline).
    const stored = (await store.getCase(bobCase.caseId))?.state;
    const late = Object.values(stored?.items ?? {}).find((i) => i.status === "dispatched" && i.dueAt);
    if (!late?.dueAt) throw new Error("no dispatched item");
    now = new Date(Date.parse(late.dueAt) + 60_000);
    await t.local.clients.sqs.send(
      new SendMessageCommand({
        QueueUrl: t.local.queues.orchestrator.url,
        MessageBody: JSON.stringify(
          toCaseEventMessage(
            {
              type: "ItemOverdue",
              eventId: `overdue:${bobCase.caseId}:${late.itemId}:${late.attempt}`,
              caseId: bobCase.caseId,
              itemId: late.itemId,
              attempt: late.attempt,
            },
            now,
          ),
        ),
        MessageGroupId: bobCase.caseId,
        MessageDeduplicationId: `overdue-${bobCase.caseId}`,
      }),
    );
    await t.drainOrchestrator();

    expect(await all("overdue=true")).toEqual([bobCase.caseId]);
    expect(await all(`overdue=true&department=${late.department}`)).toEqual([bobCase.caseId]);
    expect(await all("overdue=true&bundle=marriage-birth-household")).toEqual([]);
    expect(await all("overdue=true&status=in_progress&from=2026-03-02&to=2026-03-02")).toEqual([
      bobCase.caseId,
    ]);
    expect((await all("overdue=false&bundle=after-death")).sort()).toEqual(sorted(aliceCases));
    expect((await list(`caseId=${bobCase.caseId}`)).cases[0]?.overdue).toBe(true);
    const summary = OpsSummarySchema.parse((await request("GET", "/v1/ops/summary", operator)).body);
    expect(summary.departments.find((d) => d.department === late.department)?.overdue).toBe(1);
  });

  it("refuses a cursor of another query", async () => {
    const page = await list("bundle=after-death&limit=1");
    expect(page.cursor).toBeDefined();
    const r = await request(
      "GET",
      `/v1/ops/cases?bundle=marriage-birth-household&cursor=${page.cursor}`,
      operator,
    );
    expect(r).toMatchObject({ status: 400, body: { error: "invalid_query" } });
  });
});
