import { describe, expect, it } from "vitest";
import { parseCommandArgs } from "../src/command.ts";
import { answerCommand, buildResultBody } from "../src/commands/department/answer.ts";
import { UsageError } from "../src/errors.ts";

const answerArgs = (...argv: string[]) => parseCommandArgs(answerCommand, argv);

const usageMessage = (f: () => unknown) => {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error("expected a usage error");
};

describe("answer: the reports before a result", () => {
  it("accepted, in-progress with a date, transferred to an office with a reason", () => {
    expect(buildResultBody(answerArgs("tok", "accepted"), "accepted")).toEqual({ outcome: "accepted" });
    expect(
      buildResultBody(answerArgs("tok", "in-progress", "--expected-by", "2026-12-09"), "in_progress"),
    ).toEqual({ outcome: "in_progress", expectedBy: "2026-12-09" });
    expect(
      buildResultBody(
        answerArgs("tok", "transferred", "--to", "330203", "--reason", "医院在海曙区"),
        "transferred",
      ),
    ).toEqual({ outcome: "transferred", office: "330203", reason: "医院在海曙区" });
  });

  it("refuses what the API would refuse: a transfer without --to, a date or outputs on another report", () => {
    expect(usageMessage(() => buildResultBody(answerArgs("tok", "transferred"), "transferred"))).toMatch(
      /needs --to/,
    );
    expect(
      usageMessage(() =>
        buildResultBody(answerArgs("tok", "accepted", "--expected-by", "2026-12-09"), "accepted"),
      ),
    ).toMatch(/--expected-by is for in-progress/);
    expect(usageMessage(() => buildResultBody(answerArgs("tok", "accepted", "--auto"), "accepted"))).toMatch(
      /returns no outputs/,
    );
    expect(
      usageMessage(() => buildResultBody(answerArgs("tok", "accepted", "--reason", "x"), "accepted")),
    ).toMatch(/--reason is for/);
  });
});
