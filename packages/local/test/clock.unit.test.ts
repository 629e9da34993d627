import { createScaledClock, InvalidTimeScaleError, resumeAt } from "@onething/local";
import { describe, expect, it } from "vitest";

describe("scaled clock", () => {
  it("runs at real speed with scale 1, from the real time", () => {
    let real = Date.parse("2026-03-02T02:00:00Z");
    const clock = createScaledClock({ scale: 1, realNow: () => real });
    expect(clock().toISOString()).toBe("2026-03-02T02:00:00.000Z");
    real += 90_000;
    expect(clock().toISOString()).toBe("2026-03-02T02:01:30.000Z");
  });

  it("advances scale times faster than real time: now = origin + (real − origin) × scale", () => {
    let real = Date.parse("2026-03-02T02:00:00Z");
    const clock = createScaledClock({ scale: 60, realNow: () => real });
    real += 1_000;
    expect(clock().toISOString()).toBe("2026-03-02T02:01:00.000Z");
    real += 59_000;
    expect(clock().toISOString()).toBe("2026-03-02T03:00:00.000Z");
    expect(clock.realMs(60_000)).toBe(1_000);
  });

  it("starts from a given platform origin (a restart resuming a fast clock)", () => {
    let real = Date.parse("2026-03-02T02:00:00Z");
    const clock = createScaledClock({
      scale: 1440,
      platformOrigin: new Date("2026-03-05T00:00:00Z"),
      realNow: () => real,
    });
    expect(clock().toISOString()).toBe("2026-03-05T00:00:00.000Z");
    real += 60_000;
    expect(clock().toISOString()).toBe("2026-03-06T00:00:00.000Z");
  });

  it("refuses a scale that stands still, runs backwards or is not a number", () => {
    for (const scale of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, 1e9]) {
      expect(() => createScaledClock({ scale })).toThrow(InvalidTimeScaleError);
    }
  });

  it("resumes at the later of the real time and the last recorded platform time", () => {
    const real = new Date("2026-03-02T02:00:00Z");
    expect(resumeAt(real, undefined)).toEqual(real);
    expect(resumeAt(real, new Date("2026-03-01T00:00:00Z"))).toEqual(real);
    expect(resumeAt(real, new Date("2026-03-09T00:00:00Z"))).toEqual(new Date("2026-03-09T00:00:00Z"));
  });
});
