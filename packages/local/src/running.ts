import type { DevIssuer } from "@onething/auth";
import type { SweepReport } from "@onething/consumers";
import type { ProvisionedQueues } from "@onething/local-services";
import type { RedispatchReport } from "@onething/ops";
import type { SimulationStats } from "./departments.ts";
import type { PollerStats } from "./poller.ts";
import type { CaseTotals } from "./progress.ts";
import type { SimulatedCitizensStats } from "./simulated-citizens.ts";
import type { SimulatedSourcesStats } from "./simulated-sources.ts";

export interface PlatformStats {
  /** Platform time (the scaled clock). */
  readonly now: string;
  readonly cases: CaseTotals;
  readonly pollers: readonly PollerStats[];
  readonly simulation: SimulationStats | undefined;
  /** What the simulated source systems sent (absent when they are off). */
  readonly sources?: SimulatedSourcesStats;
  /** What the simulated citizens did with their offers (absent when they are off). */
  readonly citizens?: SimulatedCitizensStats;
  readonly sweeps: { readonly ticks: number; readonly last: SweepReport | undefined };
  /** What the start-up recovery re-sent (undefined on an in-memory run: nothing can be open). */
  readonly recovery: RedispatchReport | undefined;
}

export interface RunningPlatform {
  /** Base URL of the HTTP API and pages, e.g. `http://localhost:3000`. */
  readonly url: string;
  readonly port: number;
  readonly endpoints: { readonly api: string; readonly dynamodb: string; readonly sqs: string };
  readonly dataDir: string;
  readonly inMemory: boolean;
  readonly timeScale: number;
  readonly tableName: string;
  readonly queues: ProvisionedQueues;
  /** Departments the simulation answers for. */
  readonly simulatedDepartments: readonly string[];
  /** Pid of the DynamoDB Local JVM (gone once `stop()` resolved). */
  readonly dynamoPid: number | undefined;
  /** Milliseconds from the call until everything answered. */
  readonly startupMs: number;
  /** The dev issuer the gateway verifies bearer tokens with. */
  readonly issuer: DevIssuer;
  /** Mints a bearer token, e.g. `token({ role: "operator", sub: "me" })`. Default lifetime 12 h. */
  token(
    claims: Record<string, unknown> & { sub: string; role: string },
    ttlSeconds?: number,
  ): Promise<string>;
  /** The platform clock. */
  clock(): Date;
  stats(): Promise<PlatformStats>;
  /** Drains in-flight invocations, then stops the server, the pollers and both services. Idempotent. */
  stop(): Promise<void>;
}
