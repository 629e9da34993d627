// Push (issue 17) in the synthesised template: the webhooks function on its queue, the queue's DLQ, and the least
// privilege around them (every outbox sender may send to the queue; only the webhooks function receives from it and
// sends to its DLQ; it holds no task-token key, no department queue to read, no VPC). cdk-nag: stack.unit.test.ts.

import { describe, expect, it } from "vitest";
import { type Resource, ref, synthesiseStages } from "./support.ts";

const { dev, topology, resources, idOf, queuesByName } = synthesiseStages();
const webhooks = dev.stack.functions.webhooks;
const queue = queuesByName.get(topology.queues.webhooks.name);
const deadLetter = queuesByName.get(topology.queues.webhooks.deadLetterQueue.name);

type Statement = { Action: string | string[]; Resource: unknown };
const allPolicies = () => [...resources("AWS::IAM::Policy"), ...resources("AWS::IAM::ManagedPolicy")];
const actionsOn = (roleId: string, resourceId: string): string[] =>
  allPolicies()
    .filter(([, p]) => JSON.stringify(p.Properties.Roles).includes(`"${roleId}"`))
    .flatMap(([, p]) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement)
    .filter((s) => JSON.stringify(s.Resource).includes(`"${resourceId}"`))
    .flatMap((s) => [s.Action].flat());

describe("the webhooks function", () => {
  it("consumes the webhooks queue with partial batch failures, its DLQ after the topology's receive count", () => {
    expect(queue && deadLetter).toBeTruthy();
    const [, mapping] =
      resources("AWS::Lambda::EventSourceMapping").find(([, m]) =>
        JSON.stringify(m.Properties.EventSourceArn).includes(`"${queue?.id}"`),
      ) ?? [];
    expect(mapping?.Properties).toMatchObject({
      FunctionName: ref(idOf(webhooks.function)),
      FunctionResponseTypes: ["ReportBatchItemFailures"],
      BatchSize: 10,
    });
    expect((queue as Resource | undefined)?.Properties).toMatchObject({
      RedrivePolicy: { maxReceiveCount: 10 },
      VisibilityTimeout: topology.functions.webhooks.timeoutSeconds * 6,
    });
    // More receives than attempts: the function dead-letters with the reason before SQS would without one.
    expect(topology.queues.webhooks.maxReceiveCount).toBeGreaterThan(8);
  });

  it("is outside any VPC (it reaches public endpoints only) and reads no task-token key", () => {
    const fn = resources("AWS::Lambda::Function").find(([id]) => id === idOf(webhooks.function))?.[1];
    expect(fn?.Properties.VpcConfig).toBeUndefined();
    expect(topology.functions.webhooks.environment).not.toContain("TASK_TOKEN_SECRET_ARN");
    const secret = resources("AWS::SecretsManager::Secret")[0]?.[0] ?? "";
    expect(actionsOn(idOf(webhooks.role), secret)).toEqual([]);
  });

  it("alone receives from the webhooks queue and sends to its DLQ; every outbox sender may send to the queue", () => {
    for (const fn of Object.values(dev.stack.functions)) {
      const roleId = idOf(fn.role);
      const onQueue = actionsOn(roleId, queue?.id ?? "");
      expect(onQueue, fn.spec.name).toContain("sqs:SendMessage");
      expect(onQueue.includes("sqs:ReceiveMessage"), fn.spec.name).toBe(fn.spec.name === "webhooks");
      expect(onQueue.includes("sqs:ChangeMessageVisibility"), fn.spec.name).toBe(fn.spec.name === "webhooks");
      const onDeadLetter = actionsOn(roleId, deadLetter?.id ?? "");
      // The api redrives every DLQ (the operators' route); no other function touches this one.
      if (fn.spec.name === "webhooks") {
        expect(onDeadLetter).toContain("sqs:SendMessage");
        expect(onDeadLetter).not.toContain("sqs:ReceiveMessage");
      } else if (fn.spec.name !== "api") expect(onDeadLetter, fn.spec.name).toEqual([]);
    }
  });

  it("may read no department queue (a pushed task never sits there)", () => {
    for (const spec of Object.values(topology.queues.departments)) {
      const actions = actionsOn(idOf(webhooks.role), queuesByName.get(spec.name)?.id ?? "");
      expect(actions).not.toContain("sqs:ReceiveMessage");
    }
  });
});
