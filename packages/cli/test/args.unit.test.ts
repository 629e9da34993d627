import { describe, expect, it } from "vitest";
import { editDistance, splitCommand } from "../src/cli.ts";
import { type Command, formatCommandHelp, parseCommandArgs, wrap } from "../src/command.ts";
import { buildResultBody } from "../src/commands/department/answer.ts";
import { parseDelay, simulateOption, startCommand, startOptions } from "../src/commands/platform/start.ts";
import { UsageError } from "../src/errors.ts";
import { describeIdentity, parseIdentity } from "../src/identity.ts";
import { parseAssignment, parseValue } from "../src/values.ts";

const demo: Command = {
  name: "demo",
  summary: "a command for tests",
  usage: ["demo <a> [b]"],
  options: {
    count: { type: "string", value: "<n>", description: "how many" },
    tag: { type: "string", multiple: true, description: "a tag" },
    loud: { type: "boolean", description: "shout" },
    simulate: { type: "boolean", negatable: true, description: "no simulation" },
  },
  positionals: { min: 1, max: 2 },
  run: async () => 0,
};

const usageMessage = (f: () => unknown) => {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).exitCode).toBe(2);
    return (error as Error).message;
  }
  throw new Error("expected a usage error");
};

describe("finding the command word", () => {
  it("skips options and the values of global string options", () => {
    expect(splitCommand(["--data-dir", "/tmp/x", "--json", "status", "OT-1"])).toEqual({
      name: "status",
      rest: ["--data-dir", "/tmp/x", "--json", "OT-1"],
    });
    expect(splitCommand(["--url=http://x", "cases"])).toEqual({ name: "cases", rest: ["--url=http://x"] });
    expect(splitCommand(["--help"])).toEqual({ name: undefined, rest: ["--help"] });
  });
});

describe("parsing a command's arguments", () => {
  it("reads options, repeated options, negations and positionals, globals included", () => {
    const args = parseCommandArgs(demo, [
      "x",
      "--count",
      "3",
      "--tag",
      "a",
      "--tag",
      "b",
      "--no-simulate",
      "--json",
      "y",
    ]);
    expect(args.positionals).toEqual(["x", "y"]);
    expect(args.number("count", { integer: true })).toBe(3);
    expect(args.list("tag")).toEqual(["a", "b"]);
    expect(args.flag("simulate", true)).toBe(false);
    expect(args.flag("json")).toBe(true);
    expect(args.flag("loud")).toBe(false);
  });

  it("refuses unknown options, undocumented negations, missing and extra arguments as usage errors", () => {
    expect(usageMessage(() => parseCommandArgs(demo, ["x", "--nope"]))).toMatch(
      /^unknown option '--nope'.*\(see: onething demo --help\)$/,
    );
    expect(usageMessage(() => parseCommandArgs(demo, ["x", "--no-loud"]))).toMatch(
      /unknown option '--no-loud'/,
    );
    expect(usageMessage(() => parseCommandArgs(demo, []))).toMatch(
      /missing arguments: onething demo <a> \[b\]/,
    );
    expect(usageMessage(() => parseCommandArgs(demo, ["x", "y", "z"]))).toMatch(
      /unexpected argument after the first 2: z/,
    );
    expect(usageMessage(() => parseCommandArgs(demo, ["x", "--count"]))).toMatch(/--count/);
  });

  it("lets --help through whatever else is missing", () => {
    expect(parseCommandArgs(demo, ["--help"]).flag("help")).toBe(true);
  });

  it("checks numbers: type, integer-ness and range", () => {
    const args = (v: string) => parseCommandArgs(demo, ["x", "--count", v]);
    expect(usageMessage(() => args("abc").number("count"))).toMatch(/--count must be a number, not 'abc'/);
    expect(usageMessage(() => args("1.5").number("count", { integer: true }))).toMatch(/must be an integer/);
    expect(usageMessage(() => args("0").number("count", { min: 1, max: 100 }))).toMatch(
      /must be 1–100, not 0/,
    );
    expect(args("0.5").number("count", { min: 0, max: 1 })).toBe(0.5);
  });
});

describe("help text", () => {
  it("names the usage, the options (negatable ones as --no-…) and the global options", () => {
    const help = formatCommandHelp(demo);
    expect(help).toContain("onething demo — a command for tests");
    expect(help).toContain("  onething demo <a> [b]");
    expect(help).toMatch(/--no-simulate\s+no simulation/);
    expect(help).toMatch(/--tag <value>\s+a tag \(repeatable\)/);
    expect(help).toMatch(/--data-dir <dir>/);
  });

  it("wraps paragraphs at 100 columns, lists with a hanging indent", () => {
    const text = wrap(`${"word ".repeat(40)}\n  item: ${"x, ".repeat(40)}`);
    for (const line of text.split("\n")) expect(line.length).toBeLessThanOrEqual(100);
    expect(text.split("\n").some((l) => l.startsWith("    x,"))).toBe(true);
  });
});

describe("key=value values", () => {
  it("guesses numbers, booleans, null and JSON, but keeps ID numbers and leading zeros as text", () => {
    expect(parseValue("42")).toBe(42);
    expect(parseValue("-1.5")).toBe(-1.5);
    expect(parseValue("true")).toBe(true);
    expect(parseValue("null")).toBeNull();
    expect(parseValue('[{"bank":"ICBC"}]')).toEqual([{ bank: "ICBC" }]);
    expect(parseValue("330212196403210134")).toBe("330212196403210134");
    expect(parseValue("007")).toBe("007");
    expect(parseValue("SW-2026-0001")).toBe("SW-2026-0001");
  });

  it("reads a value as declared when the declaration is known", () => {
    expect(parseValue("12345", "string")).toBe("12345");
    expect(parseValue("1200", "number")).toBe(1200);
    expect(parseValue("no", "boolean")).toBe(false);
    expect(() => parseValue("abc", "number", "--output amount")).toThrow(/--output amount must be a number/);
  });

  it("splits at the first = only", () => {
    expect(parseAssignment("note=a=b", "output")).toEqual(["note", "a=b"]);
    expect(() => parseAssignment("=x", "output")).toThrow(/--output takes key=value/);
  });
});

describe("answer bodies", () => {
  const answerArgs = (...argv: string[]) =>
    parseCommandArgs(
      { ...demo, name: "answer", options: answerOptions, positionals: { min: 2, max: 2 } },
      argv,
    );
  const answerOptions = {
    output: { type: "string", multiple: true, description: "" },
    "outputs-json": { type: "string", description: "" },
    auto: { type: "boolean", description: "" },
    reason: { type: "string", description: "" },
    request: { type: "string", multiple: true, description: "" },
  } as const;

  it("completed: outputs typed by the item's declarations, merged over --outputs-json", () => {
    const args = answerArgs(
      "tok",
      "completed",
      "--outputs-json",
      '{"holdings":[],"waivedAmount":1}',
      "--output",
      "waivedAmount=800",
      "--output",
      "certificateNumber=12345",
    );
    expect(
      buildResultBody(args, "completed", { declared: { waivedAmount: "number", certificateNumber: "text" } }),
    ).toEqual({
      outcome: "completed",
      outputs: { holdings: [], waivedAmount: 800, certificateNumber: "12345" },
    });
  });

  it("needs-supplement: a reason and field:description requests", () => {
    const args = answerArgs(
      "tok",
      "needs-supplement",
      "--reason",
      "缺少火化证明",
      "--request",
      "cremationProof:火化证明扫描件",
      "--request",
      "applicant.phone:请核对联系电话: 现号码停机",
    );
    expect(buildResultBody(args, "needs_supplement")).toEqual({
      outcome: "needs_supplement",
      reason: "缺少火化证明",
      requested: [
        { field: "cremationProof", description: "火化证明扫描件" },
        { field: "applicant.phone", description: "请核对联系电话: 现号码停机" },
      ],
    });
  });

  it("refuses what the API would refuse: no reason, outputs on a rejection, requests without a field", () => {
    expect(usageMessage(() => buildResultBody(answerArgs("tok", "rejected"), "rejected"))).toMatch(
      /needs --reason/,
    );
    expect(
      usageMessage(() =>
        buildResultBody(answerArgs("tok", "rejected", "--reason", "x", "--output", "a=1"), "rejected"),
      ),
    ).toMatch(/only a completed task returns outputs/);
    expect(
      usageMessage(() =>
        buildResultBody(answerArgs("tok", "needs-supplement", "--reason", "x"), "needs_supplement"),
      ),
    ).toMatch(/at least one --request/);
    expect(
      usageMessage(() =>
        buildResultBody(
          answerArgs("tok", "needs-supplement", "--reason", "x", "--request", "nofield"),
          "needs_supplement",
        ),
      ),
    ).toMatch(/--request takes <field>:<description>/);
  });
});

describe("--as identities", () => {
  it("reads every form", () => {
    expect(parseIdentity("operator")).toEqual({ role: "operator" });
    expect(parseIdentity("citizen:330212196403210134")).toEqual({
      role: "citizen",
      idNumber: "330212196403210134",
    });
    expect(parseIdentity("department:health")).toEqual({ role: "department", department: "health" });
    expect(parseIdentity("clerk:王芳@330212109")).toEqual({
      role: "clerk",
      name: "王芳",
      office: "330212109",
    });
    expect(parseIdentity("source:health-death-registry")).toEqual({
      role: "source",
      source: "health-death-registry",
    });
    expect(() => parseIdentity("source:Not A Slug")).toThrow(/source:<id>/);
    // Offices: an operator's and a department office's scope, a clerk's counter.
    expect(parseIdentity("operator@330212")).toEqual({ role: "operator", office: "330212" });
    expect(parseIdentity("operator:reveal@330212")).toEqual({
      role: "operator",
      reveal: true,
      office: "330212",
    });
    expect(parseIdentity("department:civil-affairs@330212")).toEqual({
      role: "department",
      department: "civil-affairs",
      office: "330212",
    });
    expect(parseIdentity("clerk:王芳")).toMatchObject({ office: "330212" });
    expect(() => parseIdentity("operator@鄞州")).toThrow(/jurisdiction code/);
    const org = parseIdentity("org:91330212MA2J8R3W6U");
    expect(org).toMatchObject({ role: "citizen", uscc: "91330212MA2J8R3W6U" });
  });

  it("describes a citizen with the ID number masked, as the platform masks it", () => {
    expect(describeIdentity({ role: "citizen", idNumber: "330212196403210134" })).toBe(
      "citizen 330212********0134",
    );
    expect(describeIdentity({ role: "clerk", name: "王芳", office: "330212109" })).toBe(
      "clerk 王芳 (330212109)",
    );
  });

  it("refuses a bad ID number or an unknown role as a usage error", () => {
    expect(() => parseIdentity("citizen:330212196403210135")).toThrow(/check character must be 4/);
    expect(() => parseIdentity("mayor:x")).toThrow(
      /expected operator\[:reveal\]\[@<office>\], citizen:<idNumber>/,
    );
  });
});

describe("start options", () => {
  const startArgs = (...argv: string[]) => parseCommandArgs(startCommand, argv);

  it("maps the command line onto startLocalPlatform's options", () => {
    const options = startOptions(
      startArgs(
        "--port",
        "0",
        "--in-memory",
        "--manual",
        "health,civil-affairs",
        "--time-scale",
        "60",
        "--delay-ms",
        "100-500",
        "--reject-rate",
        "0.1",
        "--supplement-rate",
        "0.2",
        "--verbose",
      ),
      "/tmp/data",
      false,
    );
    expect(options).toEqual({
      dataDir: "/tmp/data",
      inMemory: true,
      verbose: true,
      simulate: { health: false, "civil-affairs": false },
      handleSignals: false,
      port: 0,
      timeScale: 60,
      simulation: { delayMs: { min: 100, max: 500 }, rejectRate: 0.1, supplementRate: 0.2 },
    });
  });

  it("simulates all by default, none with --no-simulate, only some with --simulate-only", () => {
    expect(simulateOption(startArgs())).toBe(true);
    expect(simulateOption(startArgs("--no-simulate"))).toBe(false);
    expect(simulateOption(startArgs("--simulate-only", "health"))).toEqual({ "*": false, health: true });
    expect(startOptions(startArgs("--no-applicant-replies"), "/d", true)).toMatchObject({
      output: false,
      simulation: { applicantReplies: false },
    });
    expect(startOptions(startArgs(), "/d", false).sources).toBeUndefined();
    expect(startOptions(startArgs("--no-sources"), "/d", false).sources).toEqual({ enabled: false });
  });

  it("refuses contradictions and unknown departments before starting anything", () => {
    expect(
      usageMessage(() => simulateOption(startArgs("--manual", "health", "--simulate-only", "cdc"))),
    ).toMatch(/not both/);
    expect(usageMessage(() => simulateOption(startArgs("--no-simulate", "--manual", "health")))).toMatch(
      /--no-simulate/,
    );
    expect(usageMessage(() => simulateOption(startArgs("--manual", "health,nowhere")))).toMatch(
      /unknown department nowhere/,
    );
    expect(
      usageMessage(() =>
        startOptions(startArgs("--reject-rate", "0.6", "--supplement-rate", "0.5"), "/d", false),
      ),
    ).toMatch(/must not exceed 1/);
    expect(usageMessage(() => startOptions(startArgs("--reject-rate", "2"), "/d", false))).toMatch(/0–1/);
  });

  it("maps --no-sources, --source-interval-ms and --source-population onto the sources option", () => {
    expect(startOptions(startArgs(), "/d", false)).not.toHaveProperty("sources");
    expect(startOptions(startArgs("--no-sources"), "/d", false)).toMatchObject({
      sources: { enabled: false },
    });
    expect(
      startOptions(startArgs("--source-interval-ms", "300", "--source-population", "5"), "/d", false).sources,
    ).toEqual({ intervalMs: 300, population: 5 });
    expect(usageMessage(() => startOptions(startArgs("--source-interval-ms", "50"), "/d", false))).toMatch(
      /^--source-interval-ms must be 100 ms or more, not 50/,
    );
    expect(usageMessage(() => startOptions(startArgs("--source-population", "0"), "/d", false))).toMatch(
      /^--source-population must be a whole number from 1 to 1000/,
    );
    expect(
      usageMessage(() => startOptions(startArgs("--no-sources", "--source-interval-ms", "300"), "/d", false)),
    ).toMatch(/--no-sources sends no events/);
  });

  it("reads delays as a range or one fixed value", () => {
    const args = startArgs();
    expect(parseDelay("200-2000", args)).toEqual({ min: 200, max: 2000 });
    expect(parseDelay("50", args)).toEqual({ min: 50, max: 50 });
    expect(usageMessage(() => parseDelay("5-1", args))).toMatch(/below the minimum/);
    expect(usageMessage(() => parseDelay("fast", args))).toMatch(/<min>-<max>/);
  });
});

describe("suggestions for a mistyped command", () => {
  it("count a swap of neighbours as one edit", () => {
    expect(editDistance("stauts", "status")).toBe(1);
    expect(editDistance("stauts", "start")).toBe(2);
    expect(editDistance("", "abc")).toBe(3);
  });
});
