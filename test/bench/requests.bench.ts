/**
 * DynamoDB and SQS requests per completed item, end to end on the local services: N after-death cases
 * (sample after-death-hospital-pensioner) submitted over the API, every task answered by its department over
 * the API's task route, the orchestrator fed its queue as Lambda's event source would, until every case is
 * final. Requests are counted by an SDK middleware at the initialize step (one per `send`; SDK-internal
 * retries of a send are not counted, a store-level retry of a conflicted transaction is).
 * Run: npm run bench (BENCH_CASES=n to change N). Not a test: figures go to docs/benchmarks.md.
 */
import { randomUUID } from "node:crypto";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { SQSClient } from "@aws-sdk/client-sqs";
import type { HttpEvent } from "@onething/api";
import { TaskDispatchedMessageSchema } from "@onething/contracts";
import { FINAL_CASE_STATUSES, itemDefinition } from "@onething/domain";
import {
  createLocalDynamoDbClient,
  createLocalSqsClient,
  type LocalService,
  provision,
  receiveAsSqsEvent,
  settleLikeLambda,
  startDynamoDbLocal,
  startSqsEmulator,
} from "@onething/local-services";
import { applicantIndexKeyFrom, composePlatform } from "@onething/platform";
import { loadSeedCalendar, loadSeedCatalogue } from "@onething/seeds";
import { samplesFor } from "@onething/seeds/samples";
import { createCaseStore, createDocumentClient } from "@onething/store";
import { buildTopology } from "@onething/topology";
import { noOps } from "../support/no-ops.ts";
import { autoOutputs } from "../support/outputs.ts";
import { withSubjectOfItsOwn } from "../support/subjects.ts";

const CASES = Number(process.env.BENCH_CASES ?? 20);
const SAMPLE_ID = "after-death-hospital-pensioner";
const MAX_ROUNDS = 50;

type Counts = Map<string, number>;

/**
 * Rows written inside transactions (`TransactWriteItems` actions): requests are not capacity units, and every
 * action of a transaction costs two write units per KB, so the size of the commits is what the bill follows.
 */
const transactionActions = { count: 0 };

/** Counts every `send` on a client by command name (`GetItem`, `SendMessageBatch`, …). */
function countRequests(client: DynamoDBClient | SQSClient): Counts {
  const counts: Counts = new Map();
  const middleware =
    <Args, Out>(next: (args: Args) => Promise<Out>, context: { commandName?: string }) =>
    (args: Args): Promise<Out> => {
      const name = (context.commandName ?? "unknown").replace(/Command$/, "");
      counts.set(name, (counts.get(name) ?? 0) + 1);
      const actions = (args as { input?: { TransactItems?: unknown[] } }).input?.TransactItems;
      if (name === "TransactWriteItems" && actions) transactionActions.count += actions.length;
      return next(args);
    };
  const options = { step: "initialize", name: "benchCountRequests" } as const;
  // Narrowed per client: the two stacks' input and output types differ, so a union's `add` is not callable.
  if (client instanceof DynamoDBClient) client.middlewareStack.add(middleware, options);
  else client.middlewareStack.add(middleware, options);
  return counts;
}

const total = (counts: Counts) => [...counts.values()].reduce((a, b) => a + b, 0);
const byCommand = (counts: Counts) => Object.fromEntries([...counts.entries()].sort(([, a], [, b]) => b - a));
const perItem = (counts: Counts, items: number) =>
  Object.fromEntries(
    [...counts.entries(), ["total", total(counts)] as const]
      .sort(([, a], [, b]) => b - a)
      .map(([name, n]) => [name, Math.round((n / items) * 100) / 100]),
  );

const catalogue = loadSeedCatalogue();
const sample = samplesFor("after-death").find((s) => s.id === SAMPLE_ID);
if (!sample) throw new Error(`no sample ${SAMPLE_ID}`);
const departmentIds = [...catalogue.departments.keys()];

async function run(dynamoEndpoint: string, sqsEndpoint: string) {
  const topology = buildTopology({ departmentIds, prefix: `bench-${randomUUID().slice(0, 8)}` });
  const provisioned = await provision(topology, { dynamoEndpoint, sqsEndpoint });

  // The platform's own clients (what the Lambda functions would send), counted.
  const dynamo = createLocalDynamoDbClient(dynamoEndpoint);
  const sqs = createLocalSqsClient(sqsEndpoint);
  const dynamoCounts = countRequests(dynamo);
  const sqsCounts = countRequests(sqs);
  // Lambda's event source mapping (receive + delete on the orchestrator queue) and the departments' own
  // systems (receive + delete on their queues): SQS requests too, but not the platform's code; counted apart.
  const poller = createLocalSqsClient(sqsEndpoint);
  const pollerCounts = countRequests(poller);
  const departmentSqs = createLocalSqsClient(sqsEndpoint);
  const departmentCounts = countRequests(departmentSqs);
  // The bench's own progress checks, not counted.
  const observer = createLocalDynamoDbClient(dynamoEndpoint);
  const clients = [dynamo, sqs, poller, departmentSqs, observer];

  try {
    const taskTokenSecret = randomUUID() + randomUUID();
    const observed = createCaseStore({
      applicantIndexKey: applicantIndexKeyFrom(taskTokenSecret),
      client: createDocumentClient(observer),
      tableName: provisioned.tableName,
    });
    const queues = provisioned.queues;
    const silent = { info() {}, warn() {}, error() {} };
    const platform = composePlatform({
      catalogue,
      calendar: loadSeedCalendar(),
      documentClient: createDocumentClient(dynamo),
      tableName: provisioned.tableName,
      sqs,
      queues,
      taskTokenSecret,
      clock: () => new Date("2026-03-02T10:00:00+08:00"),
      logger: () => silent,
      ops: noOps,
    });
    const { api, orchestrator } = platform;

    const request = async (method: string, path: string, claims: object, body: unknown, key?: string) => {
      const event = {
        version: "2.0",
        routeKey: "$default",
        rawPath: path,
        rawQueryString: "",
        headers: { "content-type": "application/json", ...(key ? { "idempotency-key": key } : {}) },
        body: JSON.stringify(body),
        isBase64Encoded: false,
        requestContext: { http: { method, path }, authorizer: { jwt: { claims } } },
      } as unknown as HttpEvent;
      const response = await api(event);
      if (response.statusCode !== 202)
        throw new Error(`${method} ${path}: ${response.statusCode} ${response.body}`);
      return JSON.parse(response.body ?? "null") as { caseId?: string };
    };

    const drainOrchestrator = async () => {
      for (;;) {
        const event = await receiveAsSqsEvent(poller, queues.orchestrator.url, { waitTimeSeconds: 0 });
        if (event.Records.length === 0) return;
        await settleLikeLambda(poller, queues.orchestrator.url, event, await orchestrator(event));
      }
    };

    let tasksAnswered = 0;
    const answerTasks = async (departmentId: string) => {
      const url = queues.departments[departmentId]?.url ?? "";
      for (;;) {
        const event = await receiveAsSqsEvent(departmentSqs, url, { waitTimeSeconds: 0 });
        if (event.Records.length === 0) return;
        for (const record of event.Records) {
          const task = TaskDispatchedMessageSchema.parse(JSON.parse(record.body));
          const item = itemDefinition(catalogue.bundle(task.bundleId), task.itemId);
          if (!item) throw new Error(`unknown item ${task.itemId}`);
          const claims = { role: "department", sub: `${departmentId}-system`, department: departmentId };
          await request("POST", `/v1/tasks/${encodeURIComponent(task.taskToken)}/result`, claims, {
            outcome: "completed",
            outputs: autoOutputs(item),
          });
          tasksAnswered++;
        }
        await settleLikeLambda(departmentSqs, url, event, { batchItemFailures: [] });
      }
    };

    const applicantId = String(sample?.application.applicant.idNumber);
    const citizen = { role: "citizen", sub: `citizen-${applicantId.slice(-4)}`, id_number: applicantId };
    const started = performance.now();
    const caseIds: string[] = [];
    for (let n = 0; n < CASES; n++) {
      const accepted = await request(
        "POST",
        "/v1/applications",
        citizen,
        // Each case about a deceased of its own: after-death allows one open case per deceased.
        { bundleId: "after-death", ...(sample && withSubjectOfItsOwn(catalogue, sample, n).application) },
        `bench-${n}`,
      );
      if (!accepted.caseId) throw new Error("submission returned no case id");
      caseIds.push(accepted.caseId);
    }
    await drainOrchestrator();

    const final = new Set<string>(FINAL_CASE_STATUSES);
    let states = await Promise.all(caseIds.map((id) => observed.getCase(id)));
    let rounds = 0;
    while (states.some((s) => !final.has(s?.state.status ?? "")) && rounds++ < MAX_ROUNDS) {
      for (const id of departmentIds) await answerTasks(id);
      await drainOrchestrator();
      states = await Promise.all(caseIds.map((id) => observed.getCase(id)));
    }
    const wallTimeMs = Math.round(performance.now() - started);

    const completed = states.filter((s) => s?.state.status === "completed");
    if (completed.length !== CASES) {
      throw new Error(`${completed.length} of ${CASES} cases completed after ${rounds} rounds`);
    }
    return report({
      completed,
      tasksAnswered,
      rounds,
      wallTimeMs,
      counts: { dynamo: dynamoCounts, sqs: sqsCounts, poller: pollerCounts, departments: departmentCounts },
    });
  } finally {
    for (const client of clients) client.destroy();
  }
}

/** The figures of one run: requests per completed item, by client and command. */
function report(run: {
  completed: readonly ({ state: { items: Record<string, { status: string }> } } | undefined)[];
  tasksAnswered: number;
  rounds: number;
  wallTimeMs: number;
  counts: { dynamo: Counts; sqs: Counts; poller: Counts; departments: Counts };
}) {
  const { completed, tasksAnswered, rounds, wallTimeMs } = run;
  const {
    dynamo: dynamoCounts,
    sqs: sqsCounts,
    poller: pollerCounts,
    departments: departmentCounts,
  } = run.counts;
  const completedItems = completed
    .flatMap((s) => Object.values(s?.state.items ?? {}))
    .filter((item) => item.status === "completed").length;
  return {
    sample: SAMPLE_ID,
    bundle: `after-death v${catalogue.bundle("after-death").version}`,
    completedCases: completed.length,
    completedItems,
    completedItemsPerCase: completedItems / completed.length,
    // Fewer than completed items: an item the engine completes itself needs no department answer.
    tasksAnswered,
    rounds,
    dynamodb: {
      requests: byCommand(dynamoCounts),
      perCompletedItem: perItem(dynamoCounts, completedItems),
      transactionActions: transactionActions.count,
      transactionActionsPerTransaction:
        Math.round((transactionActions.count / (dynamoCounts.get("TransactWriteItems") ?? 1)) * 10) / 10,
      transactionActionsPerCompletedItem: Math.round((transactionActions.count / completedItems) * 100) / 100,
    },
    sqs: {
      requests: byCommand(sqsCounts),
      perCompletedItem: perItem(sqsCounts, completedItems),
      lambdaPollerPerCompletedItem: perItem(pollerCounts, completedItems),
      departmentsPerCompletedItem: perItem(departmentCounts, completedItems),
    },
    wallTimeMs,
    wallTimeMsPerCompletedItem: Math.round((wallTimeMs / completedItems) * 10) / 10,
    node: process.version,
  };
}

// allSettled: if one service fails to start, the other is still stopped (no orphan JVM).
const started = await Promise.allSettled([startDynamoDbLocal(), startSqsEmulator()]);
const services: LocalService[] = started.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
try {
  const [dynamoService, sqsService] = started;
  if (dynamoService?.status !== "fulfilled") throw dynamoService?.reason;
  if (sqsService?.status !== "fulfilled") throw sqsService?.reason;
  const result = await run(dynamoService.value.endpoint, sqsService.value.endpoint);
  console.log(JSON.stringify(result, null, 2));
} finally {
  await Promise.allSettled(services.map((service) => service.stop()));
}
