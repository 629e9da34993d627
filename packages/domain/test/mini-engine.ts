import type { CaseEvent, CaseState, Command, Decide } from "@onething/domain";
import { beforeEach, expect } from "vitest";
import { miniApplication, miniDecide, submitted } from "./fixtures.ts";

/** When the mini cases are submitted: Tuesday 30 September 2025, just before the National Day holiday. */
export const T0 = new Date("2025-09-30T10:00:00+08:00");
export const later = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

/** A fresh engine over the mini catalogue, with the two ways the engine tests drive it. */
export function miniEngine(decide: Decide = miniDecide()) {
  /** Applies events in order, asserting each was applied (not ignored). */
  function run(state: CaseState | undefined, events: ((s: CaseState) => CaseEvent)[], now = later(5)) {
    let current = state as CaseState;
    const commands: Command[] = [];
    for (const make of events) {
      const d = decide(current, make(current), now);
      expect(d.ignored).toBeUndefined();
      current = d.state as CaseState;
      commands.push(...d.commands);
    }
    return { state: current, commands };
  }

  /** Submits case C1 at T0, asserting it was accepted. */
  function open(application = miniApplication()) {
    const d = decide(undefined, submitted("C1", application), T0);
    expect(d.ignored).toBeUndefined();
    return { state: d.state as CaseState, commands: d.commands };
  }

  return { decide, run, open };
}

export type MiniEngine = ReturnType<typeof miniEngine>;

/** The engine for one test file, made afresh before each of its tests so that none sees another's. */
export function useMiniEngine(): MiniEngine {
  let current = miniEngine();
  beforeEach(() => {
    current = miniEngine();
  });
  return {
    decide: (state, event, now) => current.decide(state, event, now),
    run: (state, events, now) => current.run(state, events, now),
    open: (application) => current.open(application),
  };
}
