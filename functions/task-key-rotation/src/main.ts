/** Lambda entry point of the task-token keyring's Secrets Manager rotation (see `taskKeyRotationHandler`). */
import { taskKeyRotationHandler } from "@onething/platform/task-key-rotation";

export const handler = taskKeyRotationHandler();
