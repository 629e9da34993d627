import type { SQSClient } from "@aws-sdk/client-sqs";
import type { DevIssuer } from "@onething/auth";
import type { CaseLogger } from "@onething/cases";
import type { Catalogue } from "@onething/domain";
import type { CaseStore } from "@onething/store";
import type { PollerStats } from "./poller.ts";
import { createSimulatedApplicants } from "./simulated-applicants.ts";
import { createDepartmentConsumers } from "./simulated-departments.ts";
import { createPoster, type SimulationCounters } from "./simulated-io.ts";
import type { SimulationSettings } from "./simulation.ts";

export { applicantAnswers, applicantClaims } from "./simulated-applicants.ts";

export interface SimulatedDepartmentsDeps {
  readonly sqs: SQSClient;
  /** Department id → its queue URL; one consumer each. */
  readonly queues: Readonly<Record<string, string>>;
  /** Base URL of the local API: departments answer through the public route, like any department system. */
  readonly apiUrl: string;
  readonly issuer: DevIssuer;
  readonly catalogue: Catalogue;
  /** Case lists and reads, for the simulated applicants. */
  readonly store: Pick<CaseStore, "listCases" | "getCase">;
  readonly settings: SimulationSettings;
  readonly log: CaseLogger;
  readonly fetch?: typeof fetch;
  /** Long-poll wait of the department consumers; default 10 s. */
  readonly waitTimeSeconds?: number;
  /** How often simulated applicants look for supplement requests; default 500 ms. */
  readonly applicantScanMs?: number;
}

export interface SimulationStats extends Readonly<SimulationCounters> {
  readonly consumers: readonly PollerStats[];
}

export interface SimulatedDepartments {
  start(): void;
  /** Abandons pending answers (their messages stay on the queue), stops the consumers and the applicants. */
  stop(): Promise<void>;
  stats(): SimulationStats;
}

/**
 * Simulated departments: one consumer per simulated department queue, answering each `TaskDispatched` through the
 * public `POST /v1/tasks/{token}/result` with the department's own JWT, after a seeded random delay, completing,
 * rejecting or asking for a supplement at the configured rates; cancellations and escalations are acknowledged
 * (logged). And simulated applicants: supplement requests from simulated departments are answered on
 * `POST /v1/cases/{id}/supplements` under the applicant's identity, so cases finish.
 */
export function createSimulatedDepartments(deps: SimulatedDepartmentsDeps): SimulatedDepartments {
  const abort = new AbortController();
  const counters: SimulationCounters = {
    answers: { completed: 0, rejected: 0, needs_supplement: 0 },
    refused: 0,
    acknowledged: 0,
    supplementsProvided: 0,
    errors: 0,
  };
  const post = createPoster({
    apiUrl: deps.apiUrl,
    issuer: deps.issuer,
    fetch: deps.fetch ?? globalThis.fetch,
    signal: abort.signal,
  });
  const shared = { settings: deps.settings, log: deps.log, post, counters, signal: abort.signal };
  const consumers = createDepartmentConsumers({
    ...shared,
    sqs: deps.sqs,
    queues: deps.queues,
    catalogue: deps.catalogue,
    store: deps.store,
    waitTimeSeconds: deps.waitTimeSeconds,
  });
  const simulated = new Set(Object.keys(deps.queues));
  const applicants = createSimulatedApplicants({
    ...shared,
    catalogue: deps.catalogue,
    store: deps.store,
    simulated,
    scanMs: deps.applicantScanMs,
  });
  let applicantLoop: Promise<void> | undefined;
  let stopping: Promise<void> | undefined;

  return {
    start() {
      for (const consumer of consumers) consumer.start();
      if (deps.settings.applicantReplies && simulated.size > 0) applicantLoop ??= applicants.run();
    },
    stop() {
      stopping ??= (async () => {
        abort.abort(new Error("the local platform is stopping"));
        await Promise.all(consumers.map((consumer) => consumer.stop({ drainTimeoutMs: 5_000 })));
        await applicantLoop;
        await Promise.allSettled(applicants.pending());
      })();
      return stopping;
    },
    stats() {
      return {
        ...counters,
        answers: { ...counters.answers },
        consumers: consumers.map((consumer) => consumer.stats()),
      };
    },
  };
}
