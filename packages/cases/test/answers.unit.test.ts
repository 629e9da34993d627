import { ForbiddenError, ForgedTaskTokenError } from "@onething/auth";
import { describe, expect, it } from "vitest";
import {
  AlreadyAnsweredError,
  acceptTaskResult,
  ORCHESTRATOR_QUEUE,
  RequestRefusedError,
  TASK_ANSWER_RETENTION_SECONDS,
  withdrawCase,
} from "../src/index.ts";
import { applicant, CERTIFICATE, completed, later, NOW, taskFor, world } from "./world.ts";

const health = { department: "health" };

/** A submitted case and its death-certificate task at health. */
async function openTask() {
  const w = world();
  const { caseId } = await w.submit();
  const task = taskFor(w.tasks("health"), CERTIFICATE);
  const answer = (body: unknown, at = NOW, caller: { department: string } | undefined = health) =>
    acceptTaskResult(w.deps, task.taskToken, body, caller, at);
  const item = async () => (await w.cases.getCase(caseId))?.state.items[CERTIFICATE];
  return { w, caseId, task, answer, item };
}

describe("acceptTaskResult: one office's task", () => {
  it("refuses a token naming another office than the item's (HTTP and queue alike), and a caller outside it", async () => {
    const { w, caseId, task } = await openTask();
    const office = (await w.cases.getCase(caseId))?.state.items[CERTIFICATE]?.office;
    expect(office?.path).toEqual(expect.any(String));
    const claim = { caseId, itemId: CERTIFICATE, department: "health", attempt: 1 };
    const elsewhere = w.deps.tokens.sign({ ...claim, office: "000000/330000/330200/330203" });
    for (const caller of [undefined, health]) {
      const refused = await acceptTaskResult(w.deps, elsewhere, completed(), caller, NOW).catch(
        (e: unknown) => e,
      );
      expect(refused).toMatchObject({ kind: "forbidden", code: "wrong_office" });
    }
    // An office of the department whose scope does not hold the token's office.
    const outside = {
      department: "health",
      scope: { jurisdiction: "330203", path: "000000/330000/330200/330203" },
    };
    const refused = await acceptTaskResult(w.deps, task.taskToken, completed(), outside, NOW).catch(
      (e: unknown) => e,
    );
    expect(refused).toMatchObject({ kind: "forbidden", code: "wrong_office" });
    expect(w.queues.peek(ORCHESTRATOR_QUEUE)).toEqual([]);
  });
});

describe("acceptTaskResult: the first answer per attempt stands", () => {
  it("accepts a first answer and queues it for the orchestrator under the attempt's event id", async () => {
    const { w, caseId, answer } = await openTask();

    expect(await answer(completed())).toEqual({ caseId, itemId: CERTIFICATE, attempt: 1 });

    const queued = w.queues.peek(ORCHESTRATOR_QUEUE);
    expect(queued.map((m) => m.dedupId)).toEqual([`result:${caseId}:${CERTIFICATE}:1`]);
    expect(queued[0]?.groupId).toBe(caseId);
  });

  it("accepts the identical answer again once the item is completed, and queues it again harmlessly", async () => {
    const { w, caseId, answer, item } = await openTask();
    await answer(completed());
    await w.orchestrate();
    expect((await item())?.status).toBe("completed");

    const resent = await answer({ outputs: completed().outputs, outcome: "completed" }, later(3));

    expect(resent).toEqual({ caseId, itemId: CERTIFICATE, attempt: 1 });
    expect(w.logged("department answer resent")).toHaveLength(1);
    // The copy changes nothing: the engine ignores an answer to an item no longer held (acknowledged).
    const version = (await w.cases.getCase(caseId))?.version;
    expect((await w.orchestrate(later(3))).map((o) => o.kind)).toEqual(["ignored"]);
    expect((await w.cases.getCase(caseId))?.version).toBe(version);
    expect((await item())?.outputs).toEqual(completed().outputs);
  });

  it("refuses a different answer for the answered attempt as a conflict, before and after it applied", async () => {
    const { w, answer } = await openTask();
    await answer(completed("DC-0001"));

    const before = await answer(completed("DC-0002")).catch((e: unknown) => e);
    await w.orchestrate();
    const after = await answer({ outcome: "rejected", reason: "查无此人" }).catch((e: unknown) => e);

    for (const refused of [before, after]) {
      expect(refused).toBeInstanceOf(AlreadyAnsweredError);
      expect(refused).toMatchObject({ kind: "conflict", status: 409, code: "already_answered" });
    }
    expect(w.queues.peek(ORCHESTRATOR_QUEUE)).toEqual([]);
  });

  it("lets two identical first answers at once both through, and one of two different ones only", async () => {
    const same = await openTask();
    const both = await Promise.all([same.answer(completed()), same.answer(completed())]);
    expect(both.map((a) => a.attempt)).toEqual([1, 1]);

    const different = await openTask();
    const outcomes = await Promise.allSettled([
      different.answer(completed("DC-0001")),
      different.answer(completed("DC-0002")),
    ]);
    const refused = outcomes.flatMap((o) => (o.status === "rejected" ? [o.reason] : []));
    expect(refused).toHaveLength(1);
    expect(refused[0]).toBeInstanceOf(AlreadyAnsweredError);
  });

  it("keeps the answer for the retention period: a resend after it meets the item's checks like a first answer", async () => {
    const { w, answer } = await openTask();
    await answer(completed());
    await w.orchestrate();
    const days = TASK_ANSWER_RETENTION_SECONDS / 86_400;

    await expect(answer(completed(), later(days - 1))).resolves.toMatchObject({ attempt: 1 });
    const expired = await answer(completed(), later(days + 1)).catch((e: unknown) => e);

    expect(expired).toMatchObject({ kind: "superseded", code: "item_not_open" });
  });
});

describe("acceptTaskResult: checks before a first answer is recorded", () => {
  it("refuses a forged token, and another department's caller", async () => {
    const { task, answer, w } = await openTask();
    const forged = `${task.taskToken.split(".")[0]}.${"B".repeat(43)}`;

    await expect(acceptTaskResult(w.deps, forged, completed(), health, NOW)).rejects.toBeInstanceOf(
      ForgedTaskTokenError,
    );
    await expect(answer(completed(), NOW, { department: "tax" })).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("refuses outputs not as declared (400) without recording them: a corrected answer is then accepted", async () => {
    const { answer } = await openTask();

    const invalid = await answer({ outcome: "completed", outputs: {} }).catch((e: unknown) => e);

    expect(invalid).toMatchObject({ kind: "invalid", code: "validation_failed" });
    await expect(answer(completed())).resolves.toMatchObject({ attempt: 1 });
  });

  it("refuses a first answer to a withdrawn case as superseded (409 case_closed), recording nothing", async () => {
    const { w, caseId, answer } = await openTask();
    await withdrawCase(w.deps, caseId, { reason: "家属决定到窗口办理" }, applicant, NOW);

    const refused = await answer(completed()).catch((e: unknown) => e);

    expect(refused).toBeInstanceOf(RequestRefusedError);
    expect(refused).toMatchObject({ kind: "superseded", status: 409, code: "case_closed" });
    expect(await w.deps.idempotency.find("task-result", `${caseId}:${CERTIFICATE}:1`, NOW)).toBeUndefined();
  });
});
