import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { createLocalDynamoDbClient, startDynamoDbLocal } from "@onething/local-services";
import { describe, expect, it } from "vitest";

const FIXTURE = fileURLToPath(new URL("./fixtures/start-dynamodb-and-wait.ts", import.meta.url));

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitUntilGone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return !isAlive(pid);
}

/** Runs the fixture in a separate Node process and returns it with the JVM's pid once it answers. */
async function startInChildProcess() {
  const child = spawn(process.execPath, [FIXTURE], { stdio: ["ignore", "pipe", "inherit"] });
  const [line] = await once(child.stdout, "data");
  const reported: unknown = JSON.parse(String(line));
  if (
    typeof reported !== "object" ||
    reported === null ||
    !("pid" in reported) ||
    typeof reported.pid !== "number"
  ) {
    throw new Error(`fixture reported ${String(line)}`);
  }
  expect(isAlive(reported.pid)).toBe(true);
  return { child, jvmPid: reported.pid };
}

describe("DynamoDB Local process", () => {
  it("answers once started, and its JVM is gone when stop() resolves", async () => {
    const dynamo = await startDynamoDbLocal();
    const client = createLocalDynamoDbClient(dynamo.endpoint);
    try {
      await expect(client.send(new ListTablesCommand({}))).resolves.toMatchObject({ TableNames: [] });
    } finally {
      client.destroy();
      await dynamo.stop();
    }
    expect(dynamo.pid).toBeDefined();
    expect(isAlive(dynamo.pid ?? 0)).toBe(false);
    await expect(dynamo.stop()).resolves.toBeUndefined();
  });

  it("dies with its parent on SIGTERM", async () => {
    const { child, jvmPid } = await startInChildProcess();
    child.kill("SIGTERM");
    await once(child, "exit");
    expect(await waitUntilGone(jvmPid, 10_000)).toBe(true);
  });

  it("dies with its parent on SIGKILL (the watchdog's job: no handler runs)", async () => {
    const { child, jvmPid } = await startInChildProcess();
    child.kill("SIGKILL");
    await once(child, "exit");
    expect(await waitUntilGone(jvmPid, 10_000)).toBe(true);
  });
});
