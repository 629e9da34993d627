import { describe, expect, it } from "vitest";
import { waitEntry } from "../src/waits.ts";

describe("the engine's wait entries", () => {
  it("reads a wait's start, its timeout and its completion by the event", () => {
    expect(waitEntry("item_waiting", "waiting for ChildBorn until 2026-08-29T16:00:00.000Z")).toEqual({
      waiting: { event: "ChildBorn", until: "2026-08-29T16:00:00.000Z" },
    });
    expect(waitEntry("item_wait_timed_out", "no ChildBorn by 2026-08-29T16:00:00.000Z")).toEqual({
      timedOut: { event: "ChildBorn", until: "2026-08-29T16:00:00.000Z" },
    });
    expect(waitEntry("item_completed", "by ChildBorn from health-birth-registry (bmc-0001)")).toEqual({
      completedBy: { event: "ChildBorn", source: "health-birth-registry", eventId: "bmc-0001" },
    });
  });

  it("leaves every other entry in its recorded words", () => {
    expect(waitEntry("item_completed", "all 3 instances completed")).toBe(undefined);
    expect(
      waitEntry(
        "item_waiting",
        "ChildBorn from x (y) does not complete it: birthCertificateNumber is required",
      ),
    ).toBe(undefined);
    expect(waitEntry("item_dispatched", "waiting for ChildBorn until 2026-08-29")).toBe(undefined);
    expect(waitEntry("item_waiting", undefined)).toBe(undefined);
  });
});
