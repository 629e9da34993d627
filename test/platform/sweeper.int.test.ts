/**
 * The sweeper against DynamoDB Local and the SQS emulator: it heals a crash between commit and send, raises
 * overdue items that the orchestrator escalates once, and reports stuck cases.
 */
import type { SendOutbox } from "@onething/cases";
import { createSweeperHandler, type SweepDeps, sweep } from "@onething/consumers";
import type { CaseView, SubmitApplicationResponse } from "@onething/contracts";
import { samplesFor } from "@onething/seeds/samples";
import type { ScheduledEvent } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { departmentIds, testPlatform } from "../support/platform.ts";

/** The platform's clock; tests move it forward. */
let now = new Date("2026-03-02T10:00:00+08:00");
const minutesLater = (minutes: number) => new Date(now.getTime() + minutes * 60_000);

/** The process "crashes" after the commit: the next send throws before reaching SQS. */
let crashNextSend = false;
const crashing =
  (send: SendOutbox): SendOutbox =>
  async (messages) => {
    if (crashNextSend) {
      crashNextSend = false;
      throw new Error("simulated crash between commit and send");
    }
    await send(messages);
  };

const t = await testPlatform({ name: "sweeper", clock: () => now, wrapSend: crashing });
const { store, platform, takeDepartmentMessages, drainOrchestrator } = t;
const lines = t.log.lines;
const sweepDeps: SweepDeps = { store, send: platform.send, departments: departmentIds, log: t.log };

const SAMPLE_ID = "after-death-hospital-pensioner";
const sample = samplesFor("after-death").find((s) => s.id === SAMPLE_ID);
const applicantId = String(sample?.application.applicant.idNumber);
const applicantName = String(sample?.application.applicant.name);
const citizen = t.citizenFor(applicantId);

const submit = (key: string) => t.submitAccepted(SAMPLE_ID, key);

const dispatchedItems = (submitted: SubmitApplicationResponse) =>
  submitted.items.filter((i) => i.status === "dispatched");

const FAR_FUTURE = new Date("2030-01-01T00:00:00Z");
const pendingOutboxOf = async (caseId: string) =>
  (await store.listPendingOutbox({ olderThan: FAR_FUTURE, limit: 100 })).filter((e) => e.caseId === caseId);

describe("sweeper", () => {
  let crashed: SubmitApplicationResponse;
  let overdue: SubmitApplicationResponse;

  it("resends the outbox of a submission that crashed between commit and send", async () => {
    crashNextSend = true;
    crashed = await submit("sweeper-crash");

    expect(crashNextSend).toBe(false);
    expect(dispatchedItems(crashed).length).toBeGreaterThan(0);
    expect((await store.getCase(crashed.caseId))?.state.status).toBe("in_progress");
    expect(await pendingOutboxOf(crashed.caseId)).toHaveLength(1);
    expect(await takeDepartmentMessages()).toEqual([]);

    // Within the grace period the committing process may still be sending: leave it alone.
    expect(await sweep(sweepDeps, minutesLater(0.5))).toMatchObject({ outboxResent: 0, overdueRaised: 0 });

    const report = await sweep(sweepDeps, minutesLater(2));
    expect(report).toEqual({
      overdueRaised: 0,
      outboxResent: 1,
      stuckCases: [],
      calendarRevisionsQueued: 0,
      waitsTimedOut: 0,
      offersExpired: 0,
    });

    const tasks = await takeDepartmentMessages();
    expect(
      tasks
        .map((t) => [t.type, t.caseId, t.department, t.itemId])
        .sort((a, b) => a.join().localeCompare(b.join())),
    ).toEqual(
      dispatchedItems(crashed)
        .map((i) => ["TaskDispatched", crashed.caseId, i.department, i.itemId])
        .sort((a, b) => a.join().localeCompare(b.join())),
    );
    expect(await pendingOutboxOf(crashed.caseId)).toEqual([]);
    expect((await sweep(sweepDeps, minutesLater(3))).outboxResent).toBe(0);
  });

  it("raises overdue items once; the orchestrator escalates each to its department exactly once", async () => {
    overdue = await submit("sweeper-overdue");
    await takeDepartmentMessages();
    const open = [...dispatchedItems(crashed), ...dispatchedItems(overdue)];

    // Two ticks before the orchestrator catches up: the second sends the same event ids again.
    const later = new Date("2026-05-15T10:00:00+08:00");
    const first = await sweep(sweepDeps, later);
    const second = await sweep(sweepDeps, later);
    expect(first.overdueRaised).toBe(open.length);
    expect(second.overdueRaised).toBe(open.length);

    now = later;
    expect(await drainOrchestrator()).toBeGreaterThanOrEqual(open.length);

    const escalations = (await takeDepartmentMessages()).filter((m) => m.type === "TaskEscalated");
    expect(
      escalations
        .filter((m) => m.caseId === overdue.caseId)
        .map((m) => [m.department, m.itemId, m.attempt])
        .sort(),
    ).toEqual(
      dispatchedItems(overdue)
        .map((i) => [i.department, i.itemId, 1])
        .sort(),
    );
    expect(escalations).toHaveLength(open.length);

    const timeline = await platform.timeline(overdue.caseId);
    const overdueEntries = timeline.filter((e) => e.kind === "item_overdue");
    expect(overdueEntries.map((e) => e.itemId).sort()).toEqual(
      dispatchedItems(overdue)
        .map((i) => i.itemId)
        .sort(),
    );
    const stored = await store.getCase(overdue.caseId);
    for (const item of dispatchedItems(overdue)) expect(stored?.state.items[item.itemId]?.overdue).toBe(true);

    // Escalated items leave the sweeper's work list: the next tick raises nothing.
    expect((await sweep(sweepDeps, minutesLater(1))).overdueRaised).toBe(0);
    expect(await drainOrchestrator()).toBe(0);
  });

  it("reports open cases without progress for too long, not fresh ones, through the scheduled handler", async () => {
    now = new Date("2026-05-31T10:00:00+08:00");
    const fresh = await submit("sweeper-fresh");
    await takeDepartmentMessages();
    now = new Date("2026-06-01T10:00:00+08:00");
    const handler = createSweeperHandler({ ...sweepDeps, clock: () => now });

    const report = await handler({ "detail-type": "Scheduled Event" } as ScheduledEvent);

    expect(report.overdueRaised).toBe(0);
    expect(report.outboxResent).toBe(0);
    expect([...report.stuckCases].sort()).toEqual([crashed.caseId, overdue.caseId].sort());
    expect(report.stuckCases).not.toContain(fresh.caseId);
    const stuckLog = lines.map((l) => JSON.parse(l)).find((l) => l.message === "stuck cases");
    expect(stuckLog).toMatchObject({ level: "warn", count: 2 });
  });

  it("logs ids only, never the applicant's name or ID number", async () => {
    const view = await t.request("GET", `/v1/cases/${overdue.caseId}`, citizen);
    expect((view.body as CaseView).status).toBe("in_progress");
    const all = lines.join("\n");
    expect(all).toContain(overdue.caseId);
    expect(all).not.toContain(applicantId);
    expect(all).not.toContain(applicantName);
  });
});
