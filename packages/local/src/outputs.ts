import type { Item } from "@onething/domain";
import { draw, drawInt } from "./random.ts";
import {
  planAnswer,
  SIMULATED_REJECTION,
  SIMULATED_REQUEST,
  type SimulationSettings,
  type TaskRef,
} from "./simulation.ts";

/** What of a task a simulated answer depends on: nothing else (no clock), so a re-sent task gets the same answer. */
export interface SimulatedTask extends TaskRef {
  /**
   * The task's due time (ISO): kept by the case for the attempt, so a re-dispatch carries the same one. Absent for
   * a task dispatched without a deadline; dates then come from the case id's day.
   */
  readonly dueAt?: string | undefined;
}

/** The Beijing day in a platform case id (`OT-20261228-…`), as the instant of its noon. */
function caseIdDay(caseId: string): string | undefined {
  const m = /^OT-(\d{4})(\d{2})(\d{2})-/.exec(caseId);
  return m ? `${m[1]}-${m[2]}-${m[3]}T04:00:00.000Z` : undefined;
}

/** Beijing calendar date (UTC+8, no daylight saving) of an instant, `yyyy-mm-dd`. */
export function beijingDate(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/**
 * Plausible outputs for a simulated department completing an item: every required output of the item's
 * declaration, of the declared type (the platform validates them like any department's answer). Enum outputs
 * pick an option with the seeded draw, so demo runs see more than the first branch; dates are the Beijing date of
 * the task's due time; the rest is fixed. A pure function of the task: never the clock, because the platform
 * accepts a second answer to a task only if it is identical (else 409 `already_answered`), and a re-sent task may
 * arrive days of platform time later. (Not `occurredAt`: a re-dispatch stamps the message anew.)
 *
 * @example simulatedOutputs(item, { seed: "demo", task: { caseId: "OT-1", itemId: "death-certificate-hospital", attempt: 1, dueAt } })
 */
export function simulatedOutputs(
  item: Item,
  context: { readonly seed: string; readonly task: SimulatedTask },
): Record<string, unknown> {
  const { task } = context;
  const key = `${task.caseId}:${task.itemId}:${task.attempt}`;
  const dated = task.dueAt ?? caseIdDay(task.caseId);
  const dueDate = new Date(dated ?? Number.NaN);
  if (Number.isNaN(dueDate.getTime())) throw new Error(`task ${key} has an unreadable dueAt ${task.dueAt}`);
  const out: Record<string, unknown> = {};
  const serial = String(drawInt(context.seed, `${key}:serial`, 1, 999_999)).padStart(6, "0");
  for (const o of item.outputs) {
    if (!o.required) continue;
    switch (o.type) {
      case "records":
        out[o.name] = [{ holder: `${item.department}-holder`, kind: "deposit", amount: 1000 }];
        break;
      case "boolean":
        out[o.name] = true;
        break;
      case "integer":
      case "number":
        out[o.name] = 1;
        break;
      case "date":
        out[o.name] = beijingDate(dueDate);
        break;
      case "enum": {
        const options = o.options ?? [];
        out[o.name] = options[Math.floor(draw(context.seed, `${key}:${o.name}`) * options.length)];
        break;
      }
      case "document":
        out[o.name] = `doc://${item.department}/${item.id}/${serial}`;
        break;
      case "text":
        out[o.name] = `${item.id}-${serial}`;
        break;
      default: {
        const never: never = o.type;
        throw new Error(`unhandled output type ${String(never)}`);
      }
    }
  }
  return out;
}

export type SimulatedAnswerBody =
  | { readonly outcome: "completed"; readonly outputs: Record<string, unknown> }
  | { readonly outcome: "rejected"; readonly reason: string }
  | ({ readonly outcome: "needs_supplement" } & typeof SIMULATED_REQUEST);

/**
 * The body a simulated department posts to `POST /v1/tasks/{token}/result` for a task, derived from the task alone
 * (seed, case, item, attempt, due time) and the item's declaration: the same task always gets the same answer, so
 * answering a re-sent task again is an idempotent 202, whenever it arrives.
 *
 * @example simulatedAnswer(settings, item, { caseId, itemId, attempt, dueAt })
 */
export function simulatedAnswer(
  settings: SimulationSettings,
  item: Item | undefined,
  task: SimulatedTask,
): SimulatedAnswerBody {
  const plan = planAnswer(settings, task);
  if (plan.outcome === "rejected") return { outcome: "rejected", reason: SIMULATED_REJECTION };
  if (plan.outcome === "needs_supplement") return { outcome: "needs_supplement", ...SIMULATED_REQUEST };
  return {
    outcome: "completed",
    outputs: item ? simulatedOutputs(item, { seed: settings.seed, task }) : {},
  };
}
