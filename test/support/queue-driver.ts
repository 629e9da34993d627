import type { DepartmentMessage, TaskDispatchedMessage } from "@onething/contracts";
import { DepartmentMessageSchema, TaskDispatchedMessageSchema } from "@onething/contracts";
import { type LocalPlatform, receiveAsSqsEvent, settleLikeLambda } from "@onething/test-harness";
import type { SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import { expect } from "vitest";

/** The queues of a test platform as a department system and Lambda's event source would work them. */
export function queueDriver(
  local: LocalPlatform,
  orchestrator: (event: SQSEvent) => Promise<SQSBatchResponse>,
  events?: (event: SQSEvent) => Promise<SQSBatchResponse>,
) {
  /** Everything waiting on a queue, received and deleted (as a department system would) until it is empty. */
  async function takeAll(url: string): Promise<SQSRecord[]> {
    const taken: SQSRecord[] = [];
    for (;;) {
      const event = await receiveAsSqsEvent(local.clients.sqs, url, { waitTimeSeconds: 0 });
      if (event.Records.length === 0) return taken;
      taken.push(...event.Records);
      await settleLikeLambda(local.clients.sqs, url, event, { batchItemFailures: [] });
    }
  }

  /** Takes what waits on a department's queue and keeps its tasks (`TaskDispatched`), for one case if given. */
  async function takeTasks(department: string, caseId?: string): Promise<TaskDispatchedMessage[]> {
    const tasks = (await takeAll(local.queues.departments[department]?.url ?? "")).flatMap((r) => {
      const parsed = TaskDispatchedMessageSchema.safeParse(JSON.parse(r.body));
      return parsed.success ? [parsed.data] : [];
    });
    return caseId ? tasks.filter((x) => x.caseId === caseId) : tasks;
  }

  /** Takes every message waiting on every department's queue: tasks, escalations and cancellations. */
  async function takeDepartmentMessages(): Promise<DepartmentMessage[]> {
    const taken: DepartmentMessage[] = [];
    for (const queue of Object.values(local.queues.departments)) {
      for (const r of await takeAll(queue.url)) taken.push(DepartmentMessageSchema.parse(JSON.parse(r.body)));
    }
    return taken;
  }

  /**
   * Feeds the orchestrator queue to the orchestrator handler, as Lambda's event source mapping would, until
   * empty. A record the handler fails would stay behind unseen, so every batch must succeed.
   */
  async function drain(
    url: string,
    handler: (event: SQSEvent) => Promise<SQSBatchResponse>,
  ): Promise<number> {
    let n = 0;
    for (;;) {
      const event = await receiveAsSqsEvent(local.clients.sqs, url, { waitTimeSeconds: 0 });
      if (event.Records.length === 0) return n;
      n += event.Records.length;
      const response = await handler(event);
      expect(response.batchItemFailures).toEqual([]);
      await settleLikeLambda(local.clients.sqs, url, event, response);
    }
  }
  const drainOrchestrator = () => drain(local.queues.orchestrator.url, orchestrator);
  /** Feeds the events queue to the events function until empty (then the orchestrator, which it may have fed). */
  const drainEvents = async (): Promise<number> => {
    const n = events ? await drain(local.queues.events.url, events) : 0;
    await drainOrchestrator();
    return n;
  };

  return { takeAll, takeTasks, takeDepartmentMessages, drainOrchestrator, drainEvents };
}
