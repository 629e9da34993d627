import { createHmac } from "node:crypto";
import type { SQSClient } from "@aws-sdk/client-sqs";
import { createLeaseIds, parseTaskKeyring } from "@onething/auth";
import type { CaseLogger, DepartmentPullDeps } from "@onething/cases";
import type { Catalogue } from "@onething/domain";
import { sqsDepartmentQueues } from "@onething/messaging";
import type { CaseStore } from "@onething/store";
import { idempotencyOn } from "@onething/store";
import { buildTopology } from "@onething/topology";
import type { QueueRef } from "./compose.ts";

/**
 * The key that seals lease ids, derived under its own label from the keyring's `applicantIndexKey` — the one key of
 * the task-token keyring every rotation keeps (docs/task-tokens.md) — so every api function, whichever version of
 * the keyring it read, seals and opens the same lease ids, and a rotation ends none. No new secret to deploy.
 */
export function leaseKeyFrom(taskTokenSecret: string): string {
  const { applicantIndexKey } = parseTaskKeyring(taskTokenSecret);
  return createHmac("sha256", applicantIndexKey).update("onething/department-lease/v1").digest("base64url");
}

/** The department queues' redrive limit, as the topology declares it (the same for every department). */
function maxReceiveCountOf(departmentIds: readonly string[]): number {
  const [first] = departmentIds;
  const spec = first ? buildTopology({ departmentIds: [first] }).queues.departments[first] : undefined;
  return spec?.maxReceiveCount ?? 8;
}

/** The pull routes' ports: the department queues and DLQs over SQS, the lease ids, the store's reads. */
export function departmentPullDeps(input: {
  sqs: SQSClient;
  departments: Readonly<Record<string, QueueRef>>;
  taskTokenSecret: string;
  store: CaseStore;
  catalogue: Catalogue;
  log: CaseLogger;
  clock: () => Date;
}): DepartmentPullDeps {
  const queues = Object.fromEntries(
    Object.entries(input.departments).map(([id, q]) => [
      id,
      { url: q.url, deadLetterUrl: q.deadLetterQueue.url },
    ]),
  );
  return {
    departmentQueue: sqsDepartmentQueues(input.sqs, queues),
    leaseIds: createLeaseIds(leaseKeyFrom(input.taskTokenSecret)),
    cases: input.store,
    idempotency: idempotencyOn(input.store),
    catalogue: input.catalogue,
    log: input.log,
    clock: input.clock,
    // The queue's own redrive limit: a message leased that often and never acknowledged is dead-lettered.
    maxDeliveries: maxReceiveCountOf(Object.keys(queues)),
  };
}
