import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from "@aws-sdk/client-secrets-manager";
import {
  applicantIndexKeyOfSecret,
  createTaskTokens,
  LEGACY_KID,
  newTaskKeyring,
  parseTaskKeyring,
  serializeTaskKeyring,
} from "@onething/auth";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { type RotationStep, rotateTaskKey, TaskKeyRotationError } from "../src/task-key-rotation.ts";

const SECRET_ID = "arn:aws:secretsmanager:cn-north-1:000000000000:secret:TaskTokenSecret-abc";
const NOW = new Date("2026-12-08T00:00:00.000Z");
const claim = { caseId: "OT-1", itemId: "funeral-subsidy", department: "civil-affairs", attempt: 1 };

/** Secrets Manager's versions and stages of one secret, behind the mocked client. */
function fakeSecretsManager(initial: string) {
  const versions = new Map<string, { value: string | undefined; stages: string[] }>([
    ["v1", { value: initial, stages: ["AWSCURRENT"] }],
  ]);
  const sm = mockClient(SecretsManagerClient);
  const byStage = (stage: string) => [...versions].find(([, v]) => v.stages.includes(stage));
  sm.on(DescribeSecretCommand).callsFake(() => ({
    RotationEnabled: true,
    VersionIdsToStages: Object.fromEntries([...versions].map(([id, v]) => [id, [...v.stages]])),
  }));
  sm.on(GetSecretValueCommand).callsFake((input) => {
    const found = input.VersionId
      ? [input.VersionId, versions.get(input.VersionId)]
      : byStage(input.VersionStage ?? "AWSCURRENT");
    const [id, version] = found ?? [];
    if (
      !id ||
      version?.value === undefined ||
      (input.VersionStage && !version.stages.includes(input.VersionStage))
    )
      throw new ResourceNotFoundException({ message: "no such version", $metadata: {} });
    return { VersionId: id, SecretString: version.value };
  });
  sm.on(PutSecretValueCommand).callsFake((input) => {
    for (const v of versions.values()) v.stages = v.stages.filter((s) => !input.VersionStages?.includes(s));
    versions.set(input.ClientRequestToken, { value: input.SecretString, stages: [...input.VersionStages] });
    return { VersionId: input.ClientRequestToken };
  });
  sm.on(UpdateSecretVersionStageCommand).callsFake((input) => {
    const from = versions.get(input.RemoveFromVersionId);
    if (from) from.stages = from.stages.filter((s) => s !== input.VersionStage);
    const to = versions.get(input.MoveToVersionId);
    if (!to) throw new ResourceNotFoundException({ message: "no such version", $metadata: {} });
    to.stages = [...to.stages.filter((s) => s !== "AWSPENDING"), input.VersionStage];
    return {};
  });
  /** What Secrets Manager does when a rotation starts: the new version id, staged AWSPENDING, with no value yet. */
  const startRotation = (token: string) => versions.set(token, { value: undefined, stages: ["AWSPENDING"] });
  const current = () => byStage("AWSCURRENT")?.[1].value ?? "";
  return { sm, versions, startRotation, current, client: new SecretsManagerClient({}) };
}

describe("the task-token keyring's rotation Lambda (Secrets Manager mocked)", () => {
  let sm: ReturnType<typeof fakeSecretsManager>;
  const steps: RotationStep[] = ["createSecret", "setSecret", "testSecret", "finishSecret"];
  const run = (step: RotationStep, token = "v2", now = NOW) =>
    rotateTaskKey(
      { SecretId: SECRET_ID, ClientRequestToken: token, Step: step },
      { client: sm.client, now: () => now },
    );

  beforeEach(() => {
    sm?.sm.restore();
  });

  it("rotates in four steps: a new current key, the old one kept; old tokens verify, new ones use the new key", async () => {
    const before = newTaskKeyring(new Date("2026-11-01T00:00:00Z"));
    sm = fakeSecretsManager(serializeTaskKeyring(before));
    const old = createTaskTokens(before, { clock: () => NOW }).sign(claim);
    sm.startRotation("v2");
    await run("createSecret");
    expect(sm.current()).toBe(serializeTaskKeyring(before));
    for (const step of steps.slice(1)) await run(step);
    const after = parseTaskKeyring(sm.current());
    expect(after.current).not.toBe(before.current);
    expect(after.keys.map((k) => k.kid)).toEqual([before.current, after.current]);
    expect(after.keys[0]?.retiredAt).toBe(NOW.toISOString());
    expect(after.applicantIndexKey).toBe(before.applicantIndexKey);
    const tokens = createTaskTokens(after, { clock: () => NOW });
    expect(tokens.verify(old)).toEqual(claim);
    expect(JSON.parse(Buffer.from(tokens.sign(claim).split(".")[0] ?? "", "base64url").toString()).kid).toBe(
      after.current,
    );
    expect(sm.versions.get("v1")?.stages).toEqual([]);
    expect(sm.versions.get("v2")?.stages).toEqual(["AWSCURRENT"]);
    // Run again (Secrets Manager retries): nothing changes.
    for (const step of steps) await run(step);
    expect(parseTaskKeyring(sm.current())).toEqual(after);
  });

  it("makes a secret of before keyrings (one string) the legacy key of the first keyring", async () => {
    const legacySecret = "L".repeat(64);
    sm = fakeSecretsManager(legacySecret);
    sm.startRotation("v2");
    for (const step of steps) await run(step);
    const ring = parseTaskKeyring(sm.current());
    expect(ring.keys.map((k) => k.kid)).toEqual([LEGACY_KID, ring.current]);
    expect(ring.applicantIndexKey).toBe(applicantIndexKeyOfSecret(legacySecret));
  });

  it("creates the pending keyring once, however often createSecret runs", async () => {
    sm = fakeSecretsManager(serializeTaskKeyring(newTaskKeyring(NOW)));
    sm.startRotation("v2");
    await run("createSecret");
    const pending = sm.versions.get("v2")?.value;
    await run("createSecret");
    expect(sm.versions.get("v2")?.value).toBe(pending);
    expect(sm.sm.commandCalls(PutSecretValueCommand)).toHaveLength(1);
  });

  it("refuses to finish a pending keyring that drops a key still needed or changes the index key", async () => {
    const before = newTaskKeyring(NOW);
    sm = fakeSecretsManager(serializeTaskKeyring(before));
    const stranger = newTaskKeyring(NOW);
    sm.versions.set("v2", { value: serializeTaskKeyring(stranger), stages: ["AWSPENDING"] });
    await expect(run("testSecret")).rejects.toThrow(TaskKeyRotationError);
    const dropped = { ...stranger, applicantIndexKey: before.applicantIndexKey };
    sm.versions.set("v2", { value: serializeTaskKeyring(dropped), stages: ["AWSPENDING"] });
    await expect(run("testSecret")).rejects.toThrow(/drops key/);
  });

  it("refuses a version that is not pending, and a secret without rotation", async () => {
    sm = fakeSecretsManager(serializeTaskKeyring(newTaskKeyring(NOW)));
    await expect(run("createSecret", "v9")).rejects.toThrow(/not a version/);
    sm.versions.set("v3", { value: undefined, stages: [] });
    await expect(run("createSecret", "v3")).rejects.toThrow(/not pending/);
    sm.sm.on(DescribeSecretCommand).resolves({ RotationEnabled: false });
    await expect(run("createSecret", "v3")).rejects.toThrow(/not enabled/);
  });
});
