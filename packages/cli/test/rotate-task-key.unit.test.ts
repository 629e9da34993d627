import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { createTaskTokens, LEGACY_KID, parseTaskKeyring } from "@onething/auth";
import { describe, expect, it } from "vitest";
import { cli, dataDir, TASK_TOKEN_SECRET } from "./support.ts";

const NOW = new Date("2026-12-08T00:00:00.000Z");
const claim = {
  caseId: "OT-20261208-ABC",
  itemId: "funeral-subsidy",
  department: "civil-affairs",
  attempt: 1,
};
const keyringOf = (dir: string) => readFileSync(path.join(dir, "task-keys.json"), "utf8");

describe("onething rotate-task-key", () => {
  it("makes the data directory's single secret the first key, then signs with a new one; old tokens verify", async () => {
    const dir = dataDir();
    const legacy = createTaskTokens(TASK_TOKEN_SECRET, { clock: () => NOW }).sign(claim);
    const first = await cli(["rotate-task-key", "--data-dir", dir, "--json"], { now: () => NOW });
    expect(first.code, first.err).toBe(0);
    const rotation = JSON.parse(first.out);
    expect(rotation).toMatchObject({
      previous: LEGACY_KID,
      keys: [LEGACY_KID, rotation.current],
      pruned: [],
    });
    expect(statSync(path.join(dir, "task-keys.json")).mode & 0o777).toBe(0o600);

    const second = await cli(["rotate-task-key", "--data-dir", dir], { now: () => NOW });
    expect(second.code, second.err).toBe(0);
    expect(second.out).toContain(`task-token key rotated: ${rotation.current} → `);
    const ring = parseTaskKeyring(keyringOf(dir));
    expect(ring.keys).toHaveLength(3);
    const tokens = createTaskTokens(ring, { clock: () => NOW });
    expect(tokens.verify(legacy)).toEqual(claim);
    const fresh = tokens.sign(claim);
    expect(JSON.parse(Buffer.from(fresh.split(".")[0] ?? "", "base64url").toString()).kid).toBe(ring.current);
    // The applicant index key stays that of the one secret there was.
    expect(ring.applicantIndexKey).toBe(parseTaskKeyring(TASK_TOKEN_SECRET).applicantIndexKey);
  });

  it("needs a data directory the platform has started with", async () => {
    const r = await cli(["rotate-task-key", "--data-dir", dataDir({ secrets: false })]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/no dev-secrets\.json/);
  });
});
