import { describe, expect, it } from "vitest";
import { completed, withdrawal } from "./fixtures.ts";
import { later, useMiniEngine } from "./mini-engine.ts";

const { decide, open } = useMiniEngine();

describe("withdrawal", () => {
  it("cancels every open item, tells each department, and ignores results that arrive after", () => {
    const { state } = open();
    const withdrawn = decide(state, withdrawal("C1", "家属改为线下办理", "w1"), later(20));

    expect(withdrawn.state?.status).toBe("withdrawn");
    expect(
      withdrawn.commands.filter((c) => c.type === "CancelItem").map((c) => "department" in c && c.department),
    ).toEqual(["health", "funeral-home"]);
    expect(Object.values(withdrawn.state?.items ?? {}).filter((i) => i.status === "pending")).toEqual([]);
    expect(decide(withdrawn.state, completed(state, "cremation"), later(30)).ignored?.reason).toBe(
      "case_closed",
    );
    expect(
      decide(withdrawn.state, withdrawal("C1", "again", "w2", { role: "citizen", id: "x" }), later(31))
        .ignored?.reason,
    ).toBe("case_closed");
  });
});
