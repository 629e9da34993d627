import { InvalidOptionError } from "./errors.ts";

/** The platform's clock: what every handler, the sweeper and the engine take as "now". */
export interface ScaledClock {
  /** Platform time: `platformOrigin + (real now − realOrigin) × scale`. */
  (): Date;
  readonly scale: number;
  /** How many real milliseconds pass while the platform clock advances `platformMs`. */
  realMs(platformMs: number): number;
}

export interface ScaledClockOptions {
  /** How much faster than real time the platform clock runs (1 = real time; 60 = an hour per minute). */
  readonly scale: number;
  /** Platform time at `realOrigin`. Default: `realOrigin` (the clock starts at the real time). */
  readonly platformOrigin?: Date;
  /** Default: the real time now. */
  readonly realOrigin?: Date;
  /** The real clock; injectable for tests. Default `Date.now`. */
  readonly realNow?: () => number;
}

/** The platform clock refuses a time scale that would make it stand still, run backwards or overflow. */
export class InvalidTimeScaleError extends InvalidOptionError {}

/** Largest time scale accepted: a working day every 1.4 real seconds is already more than anyone can follow. */
export const MAX_TIME_SCALE = 100_000;

/** The error for a time scale the clock refuses, or undefined for one it runs at. */
export function timeScaleProblem(scale: number): InvalidTimeScaleError | undefined {
  if (Number.isFinite(scale) && scale > 0 && scale <= MAX_TIME_SCALE) return undefined;
  return new InvalidTimeScaleError(
    ["timeScale"],
    `must be a number above 0 and at most ${MAX_TIME_SCALE}, not ${scale}`,
  );
}

/**
 * A clock that runs `scale` times faster than real time from a common origin, so working-day deadlines and
 * overdue escalation can be shown in minutes: with `scale: 1440` a platform day passes every real minute.
 *
 * @example
 * const clock = createScaledClock({ scale: 60 });
 * clock();               // platform now
 * clock.realMs(60_000);  // 1000: a platform minute is a real second
 */
export function createScaledClock(options: ScaledClockOptions): ScaledClock {
  const { scale } = options;
  const problem = timeScaleProblem(scale);
  if (problem) throw problem;
  const realNow = options.realNow ?? Date.now;
  const realOrigin = options.realOrigin?.getTime() ?? realNow();
  const platformOrigin = options.platformOrigin?.getTime() ?? realOrigin;
  const clock = () => new Date(Math.round(platformOrigin + (realNow() - realOrigin) * scale));
  return Object.assign(clock, {
    scale,
    realMs: (platformMs: number) => platformMs / scale,
  });
}

/**
 * Where the platform clock resumes after a restart: never before the last platform time a previous run
 * recorded, so case times never run backwards when a fast clock (platform time ahead of real time) restarts.
 */
export function resumeAt(realNow: Date, lastPlatformTime: Date | undefined): Date {
  if (lastPlatformTime === undefined || lastPlatformTime.getTime() <= realNow.getTime()) return realNow;
  return lastPlatformTime;
}
