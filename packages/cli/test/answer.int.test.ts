import { SendMessageBatchCommand } from "@aws-sdk/client-sqs";
import { createTaskTokens } from "@onething/auth";
import type { TaskDispatchedMessage } from "@onething/contracts";
import { useLocalPlatform } from "@onething/test-harness";
import { describe, expect, it } from "vitest";
import { cli, dataDir, fakeFetch, TASK_TOKEN_SECRET } from "./support.ts";

// Regression: `onething answer` once took every visible message off the department's queue to delete its own
// (43 visible became 3 visible / 47 in flight, and every receive count went up; after 8 a task goes to the DLQ).
// Answering must not disturb other tasks: against the real emulator, nothing else is received.
const platform = await useLocalPlatform({ name: "cli-answer", departmentIds: ["health"] });
const queue = platform.queues.departments.health;
if (!queue) throw new Error("no health queue provisioned");
const tokens = createTaskTokens(TASK_TOKEN_SECRET);
const TASKS = 45;

interface Inspected {
  messageId: string;
  body: string;
  approximateReceiveCount?: number;
}
interface Inspection {
  messages: { ready: Inspected[]; inflight: unknown[]; delayed: unknown[] };
}

async function inspect(): Promise<Inspection["messages"]> {
  const response = await fetch(`${platform.endpoints.sqsEndpoint}/_fauxqs/queues/${queue?.name}`);
  return ((await response.json()) as Inspection).messages;
}

const task = (n: number): TaskDispatchedMessage => {
  const claim = {
    caseId: `OT-20260302-Q${String(n).padStart(9, "0")}`,
    itemId: "death-certificate-hospital",
    department: "health",
    attempt: 1,
  };
  return {
    type: "TaskDispatched",
    schemaVersion: 1,
    eventId: `dispatch:${claim.caseId}:${claim.itemId}:1`,
    occurredAt: "2026-03-02T02:00:00.000Z",
    ...claim,
    bundleId: "after-death",
    itemName: { zh: "居民死亡医学证明", en: "Medical death certificate" },
    dueAt: "2026-03-05T16:00:00.000Z",
    inputs: { fields: {}, outputs: {} },
    taskToken: tokens.sign(claim),
  };
};

/** 45 tasks on the health queue, sent in order (a receive would hand them out in this order). */
async function fillQueue(): Promise<TaskDispatchedMessage[]> {
  const tasks = Array.from({ length: TASKS }, (_, n) => task(n));
  for (let i = 0; i < tasks.length; i += 10) {
    await platform.clients.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queue?.url,
        Entries: tasks.slice(i, i + 10).map((t, k) => ({ Id: String(k), MessageBody: JSON.stringify(t) })),
      }),
    );
  }
  return tasks;
}

const dir = dataDir({
  for: "file",
  runtime: {
    sqsEndpoint: platform.endpoints.sqsEndpoint,
    queues: {
      orchestrator: {
        url: platform.queues.orchestrator.url,
        deadLetterUrl: platform.queues.orchestrator.deadLetterQueue.url,
      },
      results: {
        url: platform.queues.results.url,
        deadLetterUrl: platform.queues.results.deadLetterQueue.url,
      },
      events: {
        url: platform.queues.events.url,
        deadLetterUrl: platform.queues.events.deadLetterQueue.url,
      },
      departments: { health: queue.url },
      departmentDeadLetters: { health: queue.deadLetterQueue.url },
    },
  },
});

const answer = (t: TaskDispatchedMessage) => {
  const api = fakeFetch({
    [`POST /v1/tasks/${t.taskToken}/result`]: { status: 202, body: { accepted: true } },
  });
  return cli(["answer", t.taskToken, "rejected", "--reason", "不符合条件", "--json", "--data-dir", dir], {
    fetch: api.fetch,
  });
};
const caseOf = (m: Inspected) => (JSON.parse(m.body) as TaskDispatchedMessage).caseId;

describe("answering a task leaves every other message on the department's queue alone", () => {
  it("answers one task in the middle of 45: nothing else is received, and the rest stay visible, unreceived", async () => {
    const tasks = await fillQueue();
    const middle = tasks[20] as TaskDispatchedMessage;

    const r = await answer(middle);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ removedFromQueue: 0, waitingOnQueue: 1 });

    const after = await inspect();
    expect(after.inflight).toEqual([]);
    const others = after.ready.filter((m) => caseOf(m) !== middle.caseId);
    expect(others.map(caseOf)).toEqual(tasks.filter((t) => t !== middle).map((t) => t.caseId));
    expect(others.map((m) => m.approximateReceiveCount ?? 0)).toEqual(Array(TASKS - 1).fill(0));

    // `tasks` lists the answered task no more; the other 44 are open work.
    const listing = await cli([
      "tasks",
      "health",
      "--max",
      "100",
      "--wait",
      "0",
      "--json",
      "--data-dir",
      dir,
    ]);
    const listed = JSON.parse(listing.out) as { tasks: { caseId: string }[]; settledWaiting: number };
    expect(listed.tasks.map((t) => t.caseId)).toEqual(tasks.filter((t) => t !== middle).map((t) => t.caseId));
    expect(listed.settledWaiting).toBe(1);
  });

  it("deletes an answered task at once from the front, and the waiting one once those before it are answered", async () => {
    const tasks = (await inspect()).ready.map((m) => JSON.parse(m.body) as TaskDispatchedMessage);
    const first = tasks[0] as TaskDispatchedMessage;
    const r = await answer(first);
    expect(JSON.parse(r.out)).toMatchObject({ removedFromQueue: 1, waitingOnQueue: 0 });
    const rest = (await inspect()).ready;
    expect(rest.map(caseOf)).toEqual(tasks.slice(1).map((t) => t.caseId));
    expect(rest.map((m) => m.approximateReceiveCount ?? 0)).toEqual(Array(tasks.length - 1).fill(0));

    // Answering the 19 still in front of the task answered first (in the order `tasks` lists) deletes each at
    // once, and then that one: 21 gone, nothing else received.
    for (const t of tasks.slice(1, 20)) expect((await answer(t)).code).toBe(0);
    const drained = await inspect();
    expect(drained.ready).toHaveLength(TASKS - 21);
    expect(drained.inflight).toEqual([]);
    expect(drained.ready.map((m) => m.approximateReceiveCount ?? 0)).toEqual(Array(TASKS - 21).fill(0));
    expect(drained.ready.map(caseOf)).toEqual(tasks.slice(21).map((t) => t.caseId));
  }, 60_000);
});
