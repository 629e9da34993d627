import { principalFromClaims } from "@onething/auth";
import { acceptTaskResult, submitApplication, withdrawCase } from "@onething/cases";
import { type TaskDispatchedMessage, TaskDispatchedMessageSchema } from "@onething/contracts";
import { redispatchOpenTasks } from "@onething/ops";
import { backendInputs, composePlatform, newCaseId } from "@onething/platform";
import { loadSeedCalendar, loadSeedCatalogue } from "@onething/seeds";
import { samplesFor } from "@onething/seeds/samples";
import { receiveAsSqsEvent, settleLikeLambda, useLocalPlatform } from "@onething/test-harness";
import { describe, expect, it } from "vitest";

const catalogue = loadSeedCatalogue();
const departments = [...catalogue.departments.keys()];
const local = await useLocalPlatform({ name: "redispatch", departmentIds: departments });
const silent = { info: () => {}, warn: () => {}, error: () => {} };
const now = new Date("2026-03-02T10:00:00+08:00");
const composed = composePlatform({
  catalogue,
  calendar: loadSeedCalendar(),
  ...backendInputs({ ...local.clients, tableName: local.tableName, queues: local.queues }),
  taskTokenSecret: "redispatch-test-secret-redispatch-test-secret",
  clock: () => now,
  logger: () => silent,
});
const platform = composed.useCases;
const deps = composed.redispatch;

/** Takes (and deletes) every task waiting on the department queues: what an emulator restart would lose. */
async function drainDepartmentQueues(): Promise<TaskDispatchedMessage[]> {
  const tasks: TaskDispatchedMessage[] = [];
  for (const queue of Object.values(local.queues.departments)) {
    for (;;) {
      const event = await receiveAsSqsEvent(local.clients.sqs, queue.url, { waitTimeSeconds: 0 });
      if (event.Records.length === 0) break;
      for (const record of event.Records) {
        const parsed = TaskDispatchedMessageSchema.safeParse(JSON.parse(record.body));
        if (parsed.success) tasks.push(parsed.data);
      }
      await settleLikeLambda(local.clients.sqs, queue.url, event, { batchItemFailures: [] });
    }
  }
  return tasks.sort((a, b) => a.eventId.localeCompare(b.eventId));
}

async function submit(key: string) {
  const sample = samplesFor("after-death").find((s) => s.channel === "online");
  if (!sample) throw new Error("no online after-death sample");
  const idNumber = String(sample.application.applicant.idNumber);
  const principal = principalFromClaims({ role: "citizen", sub: "c-1", id_number: idNumber });
  const response = await submitApplication(
    platform,
    {
      body: { bundleId: sample.bundleId, ...sample.application },
      idempotencyKey: key,
      bodyHash: key,
      principal,
      newCaseId: newCaseId(now),
    },
    now,
  );
  return { caseId: response.caseId, principal };
}

const withoutTime = ({ occurredAt: _occurredAt, ...task }: TaskDispatchedMessage) => task;

describe("redispatchOpenTasks", () => {
  it("re-sends every open task lost with the queues, identical but for the send time, and only those", async () => {
    const { caseId, principal } = await submit(`k-${Date.now()}`);
    const original = (await drainDepartmentQueues()).filter((t) => t.caseId === caseId);
    expect(original.length).toBeGreaterThan(0);

    const report = await redispatchOpenTasks(deps, new Date(now.getTime() + 3_600_000));
    const resent = (await drainDepartmentQueues()).filter((t) => t.caseId === caseId);
    expect(report.resent).toBeGreaterThanOrEqual(original.length);
    expect(resent.map(withoutTime)).toEqual(original.map(withoutTime));

    // The re-sent token is the one the platform signed: a department's answer with it is accepted.
    const [first] = resent;
    if (!first) throw new Error("nothing re-sent");
    await expect(
      acceptTaskResult(
        platform,
        first.taskToken,
        { outcome: "rejected", reason: "no record" },
        { department: first.department },
        now,
      ),
    ).resolves.toMatchObject({ caseId, itemId: first.itemId, attempt: first.attempt });

    // Again: the same event ids (departments drop the duplicate, answers apply once).
    await redispatchOpenTasks(deps, now);
    expect((await drainDepartmentQueues()).filter((t) => t.caseId === caseId).map((t) => t.eventId)).toEqual(
      original.map((t) => t.eventId),
    );

    // A closed case holds nothing open: nothing of it is re-sent.
    await withdrawCase(platform, caseId, { reason: "changed my mind" }, principal, now);
    await drainDepartmentQueues();
    await redispatchOpenTasks(deps, now);
    expect((await drainDepartmentQueues()).filter((t) => t.caseId === caseId)).toEqual([]);
  });
});
