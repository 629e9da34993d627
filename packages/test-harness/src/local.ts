import { randomBytes, randomUUID } from "node:crypto";
import {
  createLocalClients,
  deprovision,
  type LocalClients,
  type Provisioned,
  provision,
  resolveEnvironment,
} from "@onething/local-services";
import { buildTopology, type EnvName, type Topology } from "@onething/topology";
import { afterAll, inject } from "vitest";
import type { LocalServiceEndpoints } from "./provided.ts";

export { receiveAsSqsEvent, settleLikeLambda, toSqsRecord } from "@onething/local-services";

export const DEFAULT_DEPARTMENT_IDS = ["public-security", "health", "civil-affairs"] as const;

export interface LocalPlatformOptions {
  /** Readable part of the prefix, e.g. the package under test. Default `it`. */
  readonly name?: string;
  readonly departmentIds?: readonly string[];
}

export interface LocalPlatform extends Provisioned {
  /** Unique per call: every physical name starts with it, so test files never share a resource. */
  readonly prefix: string;
  readonly topology: Topology;
  readonly endpoints: LocalServiceEndpoints;
  readonly clients: LocalClients;
  /** The values Lambda's environment would hold for these resources (TABLE_NAME, queue URLs…). */
  readonly env: Readonly<Partial<Record<EnvName, string>>>;
  /** Deletes the table and queues and closes the clients; registered with `afterAll` already. */
  cleanup(): Promise<void>;
}

function uniquePrefix(name: string): string {
  const readable = name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .slice(0, 20);
  return `${readable}-${randomUUID().slice(0, 8)}`;
}

/**
 * A provisioned table and queues of its own for the calling test file, on the local services the
 * integration global setup started. Call it at the top level of an `*.int.test.ts` file (it
 * registers its own `afterAll` cleanup, which vitest only allows while collecting):
 *
 * @example
 * const platform = await useLocalPlatform({ name: "messaging" });
 * it("…", async () => {
 *   await sendMessages(platform.clients.sqs, platform.queues.results.url, [{ body: { n: 1 } }]);
 * });
 */
export async function useLocalPlatform(options: LocalPlatformOptions = {}): Promise<LocalPlatform> {
  const endpoints: LocalServiceEndpoints | undefined = inject("localServices");
  if (endpoints === undefined) {
    throw new Error(
      "useLocalPlatform needs the integration project's global setup: name the file *.int.test.ts",
    );
  }
  const prefix = uniquePrefix(options.name ?? "it");
  const topology = buildTopology({ departmentIds: options.departmentIds ?? DEFAULT_DEPARTMENT_IDS, prefix });
  const provisioned = await provision(topology, endpoints);
  const clients = createLocalClients(endpoints);
  let cleaning: Promise<void> | undefined;
  const platform: LocalPlatform = {
    ...provisioned,
    prefix,
    topology,
    endpoints,
    clients,
    env: resolveEnvironment(topology, provisioned, { taskTokenSecret: randomBytes(32).toString("hex") }),
    cleanup() {
      cleaning ??= deprovision(topology, endpoints).finally(() => clients.destroy());
      return cleaning;
    },
  };
  afterAll(() => platform.cleanup());
  return platform;
}
