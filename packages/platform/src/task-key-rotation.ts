import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from "@aws-sdk/client-secrets-manager";
import {
  createTaskTokens,
  keyKeptUntil,
  parseTaskKeyring,
  rotateTaskKeyring,
  serializeTaskKeyring,
  type TaskKeyring,
} from "@onething/auth";
import { createLogger } from "./logger.ts";

/**
 * The Secrets Manager rotation of the task-token keyring (the secret `TASK_TOKEN_SECRET_ARN` names), in the four
 * steps Secrets Manager invokes the rotation function with, each safe to run again:
 * 1. `createSecret`: the keyring of AWSCURRENT rotated (a new current key, the previous one retired but kept, keys
 *    whose every token has expired pruned) is put as the version `ClientRequestToken` with stage AWSPENDING;
 * 2. `setSecret`: nothing outside the secret holds the keys (only the platform's functions read it): a no-op;
 * 3. `testSecret`: the pending keyring parses, its current key signs a token it verifies, it keeps every key of the
 *    current keyring that must still be kept, and the applicant index key is unchanged;
 * 4. `finishSecret`: AWSCURRENT moves to the pending version. Warm functions learn the new key on the first token
 *    that names it (they re-read the secret on an unknown key id) or within the hour.
 * docs/task-tokens.md has the rules.
 */
export type RotationStep = "createSecret" | "setSecret" | "testSecret" | "finishSecret";

/** The event Secrets Manager invokes a rotation function with. */
export interface RotationEvent {
  readonly SecretId: string;
  readonly ClientRequestToken: string;
  readonly Step: RotationStep;
}

/** A rotation that cannot go on: the secret or its versions are not as a rotation needs them. */
export class TaskKeyRotationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export interface RotationDeps {
  readonly client: Pick<SecretsManagerClient, "send">;
  /** When the new key is made (and the previous one retired). */
  readonly now: () => Date;
  readonly log?: (message: string, fields: Record<string, unknown>) => void;
}

async function keyringAt(deps: RotationDeps, secretId: string, stage: string, versionId?: string) {
  const value = await deps.client.send(
    new GetSecretValueCommand({
      SecretId: secretId,
      VersionStage: stage,
      ...(versionId ? { VersionId: versionId } : {}),
    }),
  );
  if (value.SecretString === undefined)
    throw new TaskKeyRotationError(`${stage} of ${secretId} holds no string`);
  return { ring: parseTaskKeyring(value.SecretString), versionId: value.VersionId };
}

/** Checks the version the event names is one Secrets Manager is rotating to; whether it is current already. */
async function checkVersion(deps: RotationDeps, event: RotationEvent): Promise<"pending" | "current"> {
  const secret = await deps.client.send(new DescribeSecretCommand({ SecretId: event.SecretId }));
  if (secret.RotationEnabled === false)
    throw new TaskKeyRotationError(`rotation is not enabled on ${event.SecretId}`);
  const stages = secret.VersionIdsToStages?.[event.ClientRequestToken];
  if (!stages)
    throw new TaskKeyRotationError(`version ${event.ClientRequestToken} is not a version of the secret`);
  if (stages.includes("AWSCURRENT")) return "current";
  if (!stages.includes("AWSPENDING"))
    throw new TaskKeyRotationError(`version ${event.ClientRequestToken} is not pending rotation`);
  return "pending";
}

async function createSecret(deps: RotationDeps, event: RotationEvent): Promise<void> {
  const { ring } = await keyringAt(deps, event.SecretId, "AWSCURRENT");
  try {
    await keyringAt(deps, event.SecretId, "AWSPENDING", event.ClientRequestToken);
    deps.log?.("pending keyring exists already", { version: event.ClientRequestToken });
    return;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  const next = rotateTaskKeyring(ring, deps.now());
  await deps.client.send(
    new PutSecretValueCommand({
      SecretId: event.SecretId,
      ClientRequestToken: event.ClientRequestToken,
      SecretString: serializeTaskKeyring(next),
      VersionStages: ["AWSPENDING"],
    }),
  );
  deps.log?.("pending keyring created", { current: next.current, keys: next.keys.map((k) => k.kid) });
}

/** What the pending keyring must satisfy before it becomes current. */
function testKeyring(current: TaskKeyring, pending: TaskKeyring, now: Date): void {
  const tokens = createTaskTokens(pending, { clock: () => now });
  const probe = { caseId: "rotation-test", itemId: "rotation-test", department: "rotation-test", attempt: 1 };
  tokens.verify(tokens.sign(probe));
  if (pending.current === current.current)
    throw new TaskKeyRotationError("the pending keyring signs with the current key still");
  if (pending.applicantIndexKey !== current.applicantIndexKey)
    throw new TaskKeyRotationError("the pending keyring changes the applicant index key");
  const kept = new Set(pending.keys.map((k) => k.kid));
  for (const key of current.keys) {
    const until = keyKeptUntil(key.kid === current.current ? { ...key, retiredAt: now.toISOString() } : key);
    if (!kept.has(key.kid) && (until === undefined || until.getTime() > now.getTime()))
      throw new TaskKeyRotationError(
        `the pending keyring drops key ${key.kid}, whose tokens may not have expired`,
      );
  }
}

/**
 * Runs one step of a rotation of the task-token keyring.
 * @example export const handler = (event: RotationEvent) => rotateTaskKeyring(event, { client, now: () => new Date() });
 */
export async function rotateTaskKey(event: RotationEvent, deps: RotationDeps): Promise<void> {
  const state = await checkVersion(deps, event);
  if (state === "current") {
    deps.log?.("version is current already", { step: event.Step, version: event.ClientRequestToken });
    return;
  }
  switch (event.Step) {
    case "createSecret":
      return createSecret(deps, event);
    case "setSecret":
      // The keys live only in the secret: there is no other system to give them to.
      return;
    case "testSecret": {
      const { ring: current } = await keyringAt(deps, event.SecretId, "AWSCURRENT");
      const { ring: pending } = await keyringAt(deps, event.SecretId, "AWSPENDING", event.ClientRequestToken);
      testKeyring(current, pending, deps.now());
      return;
    }
    case "finishSecret": {
      const { versionId } = await keyringAt(deps, event.SecretId, "AWSCURRENT");
      await deps.client.send(
        new UpdateSecretVersionStageCommand({
          SecretId: event.SecretId,
          VersionStage: "AWSCURRENT",
          MoveToVersionId: event.ClientRequestToken,
          ...(versionId ? { RemoveFromVersionId: versionId } : {}),
        }),
      );
      deps.log?.("keyring rotated", { version: event.ClientRequestToken });
      return;
    }
    default: {
      const never: never = event.Step;
      throw new TaskKeyRotationError(`unknown rotation step ${String(never)}`);
    }
  }
}

/**
 * The rotation function's Lambda handler: one Secrets Manager client per cold start, the steps logged.
 * @example export const handler = taskKeyRotationHandler(); // functions/task-key-rotation/src/main.ts
 */
export function taskKeyRotationHandler(
  client: Pick<SecretsManagerClient, "send"> = new SecretsManagerClient({}),
) {
  const log = createLogger({ serviceName: "task-key-rotation" });
  return async (event: RotationEvent): Promise<void> => {
    log.info("rotation step", { step: event.Step, version: event.ClientRequestToken });
    await rotateTaskKey(event, { client, now: () => new Date(), log: log.info });
  };
}
