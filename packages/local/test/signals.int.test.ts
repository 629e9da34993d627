import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { RUNTIME_FILE } from "@onething/local";
import { isProcessAlive } from "@onething/local/data-dir";
import { afterAll, describe, expect, it } from "vitest";

const FIXTURE = fileURLToPath(new URL("./fixtures/start-and-wait.ts", import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), "onething-signals-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe("Ctrl-C", () => {
  it("stops the platform gracefully: exit code 0, no JVM left, runtime.json removed", async () => {
    // Its own process group, like a terminal's foreground job: the SIGINT below reaches every process in it.
    const child = spawn(process.execPath, [FIXTURE, dataDir], {
      stdio: ["ignore", "pipe", "inherit"],
      detached: true,
    });
    const [line] = await once(child.stdout, "data");
    const { url, dynamoPid } = JSON.parse(String(line)) as { url: string; dynamoPid: number };
    expect(isProcessAlive(dynamoPid)).toBe(true);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect(existsSync(join(dataDir, RUNTIME_FILE))).toBe(true);

    const exited = once(child, "exit");
    process.kill(-(child.pid ?? 0), "SIGINT");
    const [code] = await exited;
    expect(code).toBe(0);
    expect(isProcessAlive(dynamoPid)).toBe(false);
    expect(existsSync(join(dataDir, RUNTIME_FILE))).toBe(false);
  });
});
