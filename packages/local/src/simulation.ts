import { InvalidOptionError } from "./errors.ts";
import { draw, drawInt } from "./random.ts";

/** How simulated departments (and applicants) behave. Every draw is seeded per task: a run is reproducible. */
export interface SimulationSettings {
  /** Real milliseconds between taking a task and answering it, drawn uniformly from this range. */
  readonly delayMs: { readonly min: number; readonly max: number };
  /** Share of tasks rejected (0..1). */
  readonly rejectRate: number;
  /** Share of tasks answered with a supplement request (0..1); never more than `MAX_SUPPLEMENTS` per item. */
  readonly supplementRate: number;
  readonly seed: string;
  /**
   * Simulated applicants answer supplement requests (after a delay from the same range), so cases finish without
   * anyone at the keyboard. Default true.
   */
  readonly applicantReplies: boolean;
  /** Share of notice messages the simulated SMS gateway and push service report failed (0..1; issue 16). */
  readonly noticeFailureRate: number;
}

export const DEFAULT_SIMULATION: SimulationSettings = {
  delayMs: { min: 1_000, max: 4_000 },
  rejectRate: 0.05,
  supplementRate: 0.1,
  seed: "onething",
  applicantReplies: true,
  noticeFailureRate: 0.05,
};

/** A simulated department asks for a supplement on attempts 1 and 2 at most: the third attempt is always decided. */
export const MAX_SUPPLEMENTS = 2;

/** A simulation setting is out of range (negative delay, a rate outside 0..1, rates summing above 1). */
export class InvalidSimulationError extends InvalidOptionError {}

export type SimulationOverrides = Partial<Omit<SimulationSettings, "delayMs">> & {
  readonly delayMs?: { readonly min: number; readonly max: number } | readonly [number, number];
};

/** The first thing wrong with these settings, as an `InvalidSimulationError` naming the option; undefined if none. */
function problemOf(settings: SimulationSettings): InvalidSimulationError | undefined {
  const { min, max } = settings.delayMs;
  if (!(Number.isFinite(min) && min >= 0)) {
    return new InvalidSimulationError(["simulation.delayMs"], `must start at 0 ms or more, not ${min}`);
  }
  if (!(Number.isFinite(max) && max >= min)) {
    return new InvalidSimulationError(
      ["simulation.delayMs"],
      `has a maximum below the minimum (${min}–${max})`,
    );
  }
  for (const name of ["rejectRate", "supplementRate", "noticeFailureRate"] as const) {
    const rate = settings[name];
    if (!(rate >= 0 && rate <= 1))
      return new InvalidSimulationError([`simulation.${name}`], `must be 0–1, not ${rate}`);
  }
  if (settings.rejectRate + settings.supplementRate > 1) {
    return new InvalidSimulationError(
      ["simulation.rejectRate", "simulation.supplementRate"],
      `must not exceed 1 (${settings.rejectRate} + ${settings.supplementRate})`,
    );
  }
  return undefined;
}

/** Defaults filled in and ranges checked (an `InvalidSimulationError` names the first setting out of range). */
export function resolveSimulation(overrides: SimulationOverrides = {}): SimulationSettings {
  const delay = overrides.delayMs;
  const delayMs =
    delay === undefined
      ? DEFAULT_SIMULATION.delayMs
      : "min" in delay
        ? delay
        : { min: delay[0], max: delay[1] };
  const settings: SimulationSettings = { ...DEFAULT_SIMULATION, ...overrides, delayMs };
  const problem = problemOf(settings);
  if (problem) throw problem;
  return settings;
}

export interface TaskRef {
  readonly caseId: string;
  readonly itemId: string;
  readonly attempt: number;
}

export type PlannedOutcome = "completed" | "rejected" | "needs_supplement";

export interface PlannedAnswer {
  readonly outcome: PlannedOutcome;
  readonly delayMs: number;
}

const taskKey = (task: TaskRef) => `${task.caseId}:${task.itemId}:${task.attempt}`;

/**
 * What a simulated department answers to one task, and after how long. One draw decides the outcome: below
 * `rejectRate` a rejection, below `rejectRate + supplementRate` a supplement request (only while the item has had
 * fewer than `MAX_SUPPLEMENTS`, i.e. on attempts 1 and 2), otherwise completion.
 *
 * @example planAnswer(settings, { caseId: "OT-1", itemId: "household-cancellation", attempt: 1 })
 */
export function planAnswer(settings: SimulationSettings, task: TaskRef): PlannedAnswer {
  const key = taskKey(task);
  const u = draw(settings.seed, `${key}:outcome`);
  const delayMs = drawInt(settings.seed, `${key}:delay`, settings.delayMs.min, settings.delayMs.max);
  if (u < settings.rejectRate) return { outcome: "rejected", delayMs };
  if (u < settings.rejectRate + settings.supplementRate && task.attempt <= MAX_SUPPLEMENTS) {
    return { outcome: "needs_supplement", delayMs };
  }
  return { outcome: "completed", delayMs };
}

/** How long a simulated applicant takes to answer a supplement request. */
export function planApplicantDelay(settings: SimulationSettings, task: TaskRef): number {
  return drawInt(settings.seed, `${taskKey(task)}:applicant`, settings.delayMs.min, settings.delayMs.max);
}

/**
 * What a simulated department asks for: a document (kind `document`), not a form field, which the simulated
 * applicant uploads and answers with its reference (a form field would need a value valid for that field).
 */
export const SIMULATED_REQUEST = {
  reason: "材料不清晰，请补充 (simulated: the scan is unreadable)",
  requested: [
    {
      field: "supportingDocument",
      description: "重新上传清晰的证明材料 / upload a readable copy",
      kind: "document",
    },
  ],
} as const;

export const SIMULATED_REJECTION = "不符合办理条件 (simulated rejection)";
