import { type Catalogue, type Certificate, chinaDate, type Item } from "@onething/domain";
import { draw, drawInt } from "./random.ts";
import {
  planAnswer,
  SIMULATED_REJECTION,
  SIMULATED_REQUEST,
  type SimulationSettings,
  type TaskRef,
} from "./simulation.ts";
import { HOME_VISIT_ITEM, type VisitTask, visitOutputs } from "./visit-outputs.ts";

/** What of a task plausible outputs depend on: nothing else (no clock), so a re-sent task gets the same answer. */
export interface OutputsTask extends TaskRef, VisitTask {
  /**
   * The task's due time (ISO): kept by the case for the attempt, so a re-dispatch carries the same one. Absent for
   * a task dispatched without a deadline (or known only by its token); dates then come from the case id's day.
   */
  readonly dueAt?: string | undefined;
}

export interface PlausibleOutputsOptions {
  readonly task: OutputsTask;
  /**
   * With a seed, each enum output draws one of its options and text and document values carry a serial drawn per
   * task (the simulation: demo runs see more than the first branch). Without one, every enum takes its first
   * option and the serial is `000001`: one predictable branch, for scripts and tests.
   */
  readonly seed?: string | undefined;
}

/** The Beijing day (`yyyy-mm-dd`) in a platform case id (`OT-20261228-…`), which the platform takes from `chinaDate`. */
function caseIdDay(caseId: string): string | undefined {
  const m = /^OT-(\d{4})(\d{2})(\d{2})-/.exec(caseId);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
}

/** The date a plausible date output carries: the Beijing date of the task's due time, else of its case. */
function taskDate(task: OutputsTask): string {
  if (task.dueAt !== undefined) {
    const due = new Date(task.dueAt);
    if (Number.isNaN(due.getTime()))
      throw new Error(`task ${taskKey(task)} has an unreadable dueAt ${task.dueAt}`);
    return chinaDate(due);
  }
  const day = caseIdDay(task.caseId);
  if (day === undefined) throw new Error(`task ${taskKey(task)} names no due time and no day in its case id`);
  return day;
}

const taskKey = (task: TaskRef) => `${task.caseId}:${task.itemId}:${task.attempt}`;

/**
 * Plausible outputs of an item: every required output of its declaration, of the declared type (the platform
 * validates them like any department's answer): one record, `true`, `1`, the task's date, an enum option, a
 * document reference and a text carrying a serial. A pure function of the task (never the clock), because the
 * platform accepts a second answer to a task only if it is identical (else 409 `already_answered`), and a re-sent
 * task may arrive days of platform time later (not `occurredAt` either: a re-dispatch stamps the message anew).
 * The one generator of the simulated departments, `onething answer --auto` and the tests' scripted departments.
 *
 * @example plausibleOutputs(item, { seed: "demo", task: { caseId: "OT-20260302-AB12CD34EF", itemId: "death-certificate-hospital", attempt: 1, dueAt } })
 */
export function plausibleOutputs(item: Item, options: PlausibleOutputsOptions): Record<string, unknown> {
  const { task, seed } = options;
  const key = taskKey(task);
  const serial =
    seed === undefined ? "000001" : String(drawInt(seed, `${key}:serial`, 1, 999_999)).padStart(6, "0");
  const out: Record<string, unknown> = {};
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
        out[o.name] = taskDate(task);
        break;
      case "enum": {
        const choices = o.options ?? [];
        const at = seed === undefined ? 0 : Math.floor(draw(seed, `${key}:${o.name}`) * choices.length);
        out[o.name] = choices[at];
        break;
      }
      case "document":
        // A document needs an upload first: the simulated departments add it (`withDocumentOutputs`).
        break;
      case "certificate":
        out[o.name] = simulatedCertificate(item, o.name, serial);
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

/** A plausible electronic certificate (电子证照) an item issues: its department, the output, a serial number. */
export function simulatedCertificate(item: Item, output: string, serial: string): Certificate {
  const number = `${item.id}-${serial}`;
  return {
    issuer: item.department,
    type: output,
    number,
    verificationUrl: `https://zwfw.example.gov.cn/verify/${encodeURIComponent(number)}`,
  };
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
  task: OutputsTask,
  catalogue?: Pick<Catalogue, "places">,
): SimulatedAnswerBody {
  const plan = planAnswer(settings, task);
  if (plan.outcome === "rejected") return { outcome: "rejected", reason: SIMULATED_REJECTION };
  if (plan.outcome === "needs_supplement") return { outcome: "needs_supplement", ...SIMULATED_REQUEST };
  return {
    outcome: "completed",
    outputs: item ? simulatedOutputs(settings.seed, item, task, catalogue) : {},
  };
}

/**
 * The simulated department's outputs: what a generic value would get wrong is drawn per item (an outreach visit's
 * outcome and, for an application, the household's facts the offer is made of); everything else is plausible.
 */
function simulatedOutputs(
  seed: string,
  item: Item,
  task: OutputsTask,
  catalogue: Pick<Catalogue, "places"> | undefined,
): Record<string, unknown> {
  const plausible = plausibleOutputs(item, { seed, task });
  if (item.id !== HOME_VISIT_ITEM || item.department !== "town-office") return plausible;
  return {
    ...plausible,
    ...visitOutputs(item, seed, task, (code) => catalogue?.places.find(code)?.name.zh),
  };
}
