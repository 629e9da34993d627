/** A department played by hand through the CLI, as in test/e2e/manual.e2e.test.ts. */
import { cliJson } from "../e2e/support.ts";

export interface TaskJson {
  caseId: string;
  itemId: string;
  attempt: number;
  taskToken: string;
}

/** Waits until the department's queue holds this case's task for the item at this attempt. */
export async function taskFor(
  dataDir: string,
  department: string,
  caseId: string,
  itemId: string,
  attempt = 1,
): Promise<TaskJson> {
  for (let i = 0; i < 120; i++) {
    const listed = await cliJson<{ tasks: TaskJson[] }>(dataDir, ["tasks", department]);
    const task = listed.tasks.find(
      (t) => t.caseId === caseId && t.itemId === itemId && t.attempt === attempt,
    );
    if (task) return task;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`no task ${itemId}#${attempt} for ${caseId} on ${department}`);
}
