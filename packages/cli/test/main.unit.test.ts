import { spawnSync } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { COMMANDS } from "../src/cli.ts";
import { cli, dataDir } from "./support.ts";

const MAIN = path.resolve(import.meta.dirname, "../src/main.ts");

/** Runs `node packages/cli/src/main.ts …` as a real process. */
function main(args: readonly string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [MAIN, ...args], {
    encoding: "utf8",
    env: { ...process.env, ONETHING_URL: "", ...env },
    timeout: 20_000,
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

const oneLine = (text: string) => {
  const lines = text.split("\n").filter((l) => l !== "");
  expect(lines).toHaveLength(1);
  return lines[0] as string;
};

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === "object" && address ? address.port : 1;
}

describe("onething as a process", () => {
  it("prints the overview with no command or --help, and exits 0", () => {
    const r = main(["--help"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^onething — OneThing/);
    for (const name of Object.keys(COMMANDS)) expect(r.out).toMatch(new RegExp(`^  ${name} `, "m"));
    // A fresh clone has no `onething` on PATH: the tour goes through npx.
    expect(r.out).toMatch(/^ {2}npx onething submit after-death --sample/m);
    expect(r.out).not.toMatch(/^ {2}onething /m);
  });

  it("says what --in-memory keeps in the data dir", () => {
    const r = main(["start", "--help"]);
    expect(r.code).toBe(0);
    expect(r.out).not.toContain("nothing kept");
    expect(r.out.replace(/\s+/g, " ")).toContain(
      "DynamoDB in memory (the dev secrets and the CLI's case book stay in the data dir)",
    );
  });

  it("fails a wrong command line with one line on stderr and exit 2", () => {
    const unknown = main(["stauts", "OT-1"]);
    expect(unknown.code).toBe(2);
    expect(unknown.out).toBe("");
    expect(oneLine(unknown.err)).toBe(
      "onething: unknown command 'stauts'; did you mean 'status'? (see: onething --help)",
    );

    const option = main(["cases", "--colour"]);
    expect(option.code).toBe(2);
    expect(oneLine(option.err)).toMatch(
      /^onething: unknown option '--colour'.*\(see: onething cases --help\)$/,
    );

    const missing = main(["answer", "some-token"]);
    expect(missing.code).toBe(2);
    expect(oneLine(missing.err)).toMatch(
      /^onething: missing arguments: onething answer <taskToken> completed/,
    );
  });

  it("fails with exit 1 and one line when the platform never ran in the data directory", () => {
    const dir = dataDir({ secrets: false, runtime: false });
    const r = main(["status", "OT-1", "--data-dir", dir]);
    expect(r.code).toBe(1);
    expect(oneLine(r.err)).toMatch(
      /^onething: no dev-secrets\.json in .*: the local platform has never been started with this data directory \(run `npm start`, or pass --data-dir\)$/,
    );
  });

  it("names the platform it cannot reach and why, in one line", async () => {
    const port = await closedPort();
    const dir = dataDir({ runtime: { url: `http://127.0.0.1:${port}`, pid: 2 ** 22 + 1 } });
    const r = main(["cases", "--data-dir", dir]);
    expect(r.code).toBe(1);
    expect(oneLine(r.err)).toBe(
      `onething: cannot reach the platform at http://127.0.0.1:${port} (ECONNREFUSED): the platform that wrote runtime.json (pid ${2 ** 22 + 1}) is not running: start it with \`npm start\``,
    );
  });

  it("adds the error as JSON on stdout with --json", () => {
    const dir = dataDir({ secrets: false, runtime: false });
    const r = main(["cases", "--json", "--data-dir", dir]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toMatchObject({ error: "no_dev_secrets" });
    oneLine(r.err);
  });
});

describe("--help", () => {
  it.each(Object.keys(COMMANDS))("works for %s, with the same summary as the overview", async (name) => {
    const r = await cli([name, "--help"]);
    expect(r.code).toBe(0);
    expect(r.err).toBe("");
    expect(r.out.split("\n")[0]).toBe(`onething ${name} — ${COMMANDS[name]?.summary}`);
    expect(r.out).toContain("Usage:");
    expect(r.out).toContain("Global options:");
    expect(await cli(["help", name])).toEqual(r);
  });
});
