import { RefusalError } from "@onething/domain";
import { describe, expect, it } from "vitest";
import { applyCaseEvent, CaseContendedError, type CaseRepository, departmentQueue } from "../src/index.ts";
import { CERTIFICATE, completed, NOW, taskFor, world } from "./world.ts";

const withdrawal = {
  type: "CaseWithdrawn" as const,
  eventId: "withdraw:C-1",
  caseId: "C-1",
  reason: "家属决定到窗口办理",
  by: { role: "citizen" as const, id: "citizen-0134" },
};

describe("applyCaseEvent", () => {
  it("applied: commits the decision at version 1, sends its dispatches and marks the outbox sent", async () => {
    const w = world();

    const outcome = await applyCaseEvent(w.deps, w.submission("C-1"), NOW);

    expect(outcome).toMatchObject({
      kind: "applied",
      version: 1,
      state: { caseId: "C-1", status: "in_progress" },
    });
    expect((await w.cases.getCase("C-1"))?.version).toBe(1);
    expect(await w.cases.hasProcessed("C-1", "submit:C-1")).toBe(true);
    expect(w.tasks("health").map((t) => t.itemId)).toEqual([CERTIFICATE]);
    expect(await w.cases.listPendingOutbox()).toEqual([]);
    expect((await w.cases.readTimeline("C-1")).map((e) => e.kind)).toContain("case_submitted");
  });

  it("ignored: an event the engine does not apply writes nothing and says why", async () => {
    const w = world();
    await applyCaseEvent(w.deps, w.submission("C-1"), NOW);

    const outcome = await applyCaseEvent(
      w.deps,
      {
        type: "ItemResultReceived",
        eventId: "result:C-1:no-such-item:1",
        caseId: "C-1",
        itemId: "no-such-item",
        department: "health",
        attempt: 1,
        result: { outcome: "completed", outputs: {} },
      },
      NOW,
    );

    expect(outcome).toMatchObject({ kind: "ignored", reason: expect.any(String) });
    expect((await w.cases.getCase("C-1"))?.version).toBe(1);
    expect(await w.cases.hasProcessed("C-1", "result:C-1:no-such-item:1")).toBe(false);
    expect(w.logged("event ignored")).toHaveLength(1);
  });

  it("duplicate: the same event delivered twice at once applies once; the other is acknowledged", async () => {
    const w = world();
    await applyCaseEvent(w.deps, w.submission("C-1"), NOW);
    const task = taskFor(w.tasks("health"), CERTIFICATE);
    const answer = {
      type: "ItemResultReceived" as const,
      eventId: `result:C-1:${CERTIFICATE}:1`,
      caseId: "C-1",
      itemId: CERTIFICATE,
      department: task.department,
      attempt: 1,
      result: { outcome: "completed" as const, outputs: completed().outputs },
    };

    const outcomes = await Promise.all([
      applyCaseEvent(w.deps, answer, NOW),
      applyCaseEvent(w.deps, answer, NOW),
    ]);

    expect(outcomes.map((o) => o.kind).sort()).toEqual(["applied", "duplicate"]);
    const stored = await w.cases.getCase("C-1");
    expect(stored?.version).toBe(2);
    expect(stored?.state.items[CERTIFICATE]?.status).toBe("completed");
    const completions = (await w.cases.readTimeline("C-1")).filter((e) => e.kind === "item_completed");
    expect(completions).toHaveLength(1);
    expect(w.logged("duplicate event")).toHaveLength(1);
  });

  it("a send that fails leaves the committed outbox pending for the sweeper", async () => {
    const w = world();
    w.queues.failWith(new Error("queue unreachable"));

    const outcome = await applyCaseEvent(w.deps, w.submission("C-1"), NOW);

    expect(outcome.kind).toBe("applied");
    const pending = await w.cases.listPendingOutbox();
    expect(pending.map((p) => p.eventId)).toEqual(["submit:C-1"]);
    expect(pending[0]?.messages.map((m) => m.queue)).toContain(departmentQueue("health"));
    expect(w.logged("outbox send failed; the sweeper will resend")).toHaveLength(1);
  });
});

describe("applyCaseEvent with another writer", () => {
  it("version conflict: a change committed in between is reloaded, decided on again and kept", async () => {
    const w = world();
    await applyCaseEvent(w.deps, w.submission("C-1"), NOW);
    const answer = (n: number) => ({
      type: "ItemResultReceived" as const,
      eventId: `result:C-1:${CERTIFICATE}:1`,
      caseId: "C-1",
      itemId: CERTIFICATE,
      department: "health",
      attempt: 1,
      result: { outcome: "completed" as const, outputs: completed(`DC-000${n}`).outputs },
    });

    const [result, withdrawn] = await Promise.all([
      applyCaseEvent(w.deps, answer(1), NOW),
      applyCaseEvent(w.deps, withdrawal, NOW),
    ]);

    // Both read version 1; the second to commit met a conflict, read version 2 and decided again.
    expect(w.logged("version conflict, retrying")).toHaveLength(1);
    expect([result.kind, withdrawn.kind]).toEqual(["applied", "applied"]);
    const stored = await w.cases.getCase("C-1");
    expect(stored).toMatchObject({ version: 3, state: { status: "withdrawn" } });
    expect(stored?.state.items[CERTIFICATE]?.status).toBe("completed");
  });

  it("contended: a case that changes under every attempt is given up with a retry-later refusal", async () => {
    let racing = false;
    let writes = 0;
    // Another writer commits between each of our reads and our commit.
    const anotherWriter = (cases: CaseRepository): CaseRepository => ({
      ...cases,
      async getCase(caseId) {
        const read = await cases.getCase(caseId);
        if (racing && read) {
          const updatedAt = new Date(NOW.getTime() + ++writes * 1000).toISOString();
          await cases.commitDecision({
            previous: read,
            next: { ...read.state, updatedAt },
            eventId: `other-${writes}`,
            timeline: [],
            outbox: [],
            now: NOW,
          });
        }
        return read;
      },
    });
    const w = world({ wrapCases: anotherWriter });
    await applyCaseEvent(w.deps, w.submission("C-1"), NOW);
    racing = true;

    const error = await applyCaseEvent(w.deps, withdrawal, NOW).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(CaseContendedError);
    expect(error).toBeInstanceOf(RefusalError);
    expect(error).toMatchObject({ kind: "retry_later", code: "case_busy" });
    expect(w.logged("version conflict, retrying")).toHaveLength(5);
    expect((await w.cases.getCase("C-1"))?.state.status).toBe("in_progress");
  });
});
