import { createHmac } from "node:crypto";
import type { SQSClient } from "@aws-sdk/client-sqs";
import { createLeaseIds } from "@onething/auth";
import type { CaseLogger, DepartmentPullDeps } from "@onething/cases";
import type { Catalogue } from "@onething/domain";
import { sqsDepartmentQueues } from "@onething/messaging";
import type { CaseStore } from "@onething/store";
import { idempotencyOn } from "@onething/store";
import { buildTopology } from "@onething/topology";
import type { QueueRef } from "./compose.ts";

/**
 * The key that seals lease ids, derived from the task-token secret every API function already holds, under its
 * own label (as the applicant index key is): no new secret to deploy. Rotating the secret ends the lease ids
 * sealed before (`unknown_lease`); their messages are offered again when the leases end, as after any lost lease.
 */
export function leaseKeyFrom(taskTokenSecret: string): string {
  return createHmac("sha256", taskTokenSecret).update("onething/department-lease/v1").digest("base64url");
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
