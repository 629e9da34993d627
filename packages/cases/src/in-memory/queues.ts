import type { OutboxMessage, SendOutbox } from "../ports.ts";

/** Queues in memory: what the outbox sent, per logical queue, in order. */
export interface InMemoryQueues {
  send: SendOutbox;
  /** Removes and returns what waits on a logical queue ("orchestrator", "department:<id>"). */
  take(queue: string): OutboxMessage[];
  /** What waits on a logical queue, left in place. */
  peek(queue: string): OutboxMessage[];
  /** While set, every send fails with this error (nothing of the batch is kept), as an unreachable queue would. */
  failWith(error: Error | undefined): void;
}

/**
 * A sender that keeps messages instead of sending them. No FIFO deduplication: a message sent twice is there
 * twice, so a test sees every resend (consumers are idempotent by event id).
 * @example const queues = createInMemoryQueues(); … queues.take("department:health")
 */
export function createInMemoryQueues(): InMemoryQueues {
  const waiting = new Map<string, OutboxMessage[]>();
  let failure: Error | undefined;
  return {
    async send(messages) {
      if (failure) throw failure;
      for (const m of messages) waiting.set(m.queue, [...(waiting.get(m.queue) ?? []), structuredClone(m)]);
    },
    take(queue) {
      const taken = waiting.get(queue) ?? [];
      waiting.delete(queue);
      return taken;
    },
    peek: (queue) => structuredClone(waiting.get(queue) ?? []),
    failWith(error) {
      failure = error;
    },
  };
}
