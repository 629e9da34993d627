// The task-token keyring's rotation function: invoked by Secrets Manager, not one of the platform's five handlers.

/** How often Secrets Manager rotates the task-token keyring (docs/task-tokens.md). */
export const TASK_KEY_ROTATION_DAYS = 30;

/** The rotation function of the task-token secret: what CDK deploys and Secrets Manager invokes. */
export interface RotationFunctionSpec {
  readonly name: "task-key-rotation";
  readonly logicalId: string;
  /** The module that exports `handler`, from the repository root. */
  readonly entry: string;
  readonly timeoutSeconds: number;
  readonly memorySizeMb: number;
  /** It reads no variable: the secret's id comes in each invocation's event. */
  readonly environment: readonly [];
  readonly rotateEveryDays: number;
}

export const TASK_KEY_ROTATION_FUNCTION: RotationFunctionSpec = {
  name: "task-key-rotation",
  logicalId: "TaskKeyRotationFunction",
  entry: "functions/task-key-rotation/src/main.ts",
  timeoutSeconds: 30,
  memorySizeMb: 256,
  environment: [],
  rotateEveryDays: TASK_KEY_ROTATION_DAYS,
};
