import { createSqsConsumer, INVALID_JSON_DETAIL, PoisonMessageError } from "@onething/messaging";
import type { SQSEvent, SQSRecord } from "aws-lambda";
import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";

const STANDARD_ARN = "arn:aws:sqs:us-east-1:000000000000:results";
const FIFO_ARN = "arn:aws:sqs:us-east-1:000000000000:orchestrator.fifo";

const StepSchema = z.object({ caseId: z.string(), step: z.number().int() });
type Step = z.infer<typeof StepSchema>;

function record(messageId: string, body: unknown, source = STANDARD_ARN, groupId?: string): SQSRecord {
  return {
    messageId,
    receiptHandle: `rh-${messageId}`,
    body: typeof body === "string" ? body : JSON.stringify(body),
    attributes: {
      ApproximateReceiveCount: "1",
      SentTimestamp: "0",
      SenderId: "000000000000",
      ApproximateFirstReceiveTimestamp: "0",
      ...(groupId === undefined ? {} : { MessageGroupId: groupId }),
    },
    messageAttributes: {},
    md5OfBody: "",
    eventSource: "aws:sqs",
    eventSourceARN: source,
    awsRegion: "us-east-1",
  };
}

const fifoRecord = (messageId: string, caseId: string, step: number) =>
  record(messageId, { caseId, step }, FIFO_ARN, caseId);

const event = (...records: SQSRecord[]): SQSEvent => ({ Records: records });
const quiet = () => {};

describe("createSqsConsumer on a standard queue", () => {
  it("hands parsed messages to the handler and reports only the records that threw", async () => {
    const handled: Step[] = [];
    const consume = createSqsConsumer({
      schema: StepSchema,
      handle: async (_record, message) => {
        if (message.step === 2) throw new Error("boom");
        handled.push(message);
      },
      onFailure: quiet,
    });

    const response = await consume(
      event(
        record("a", { caseId: "c", step: 1 }),
        record("b", { caseId: "c", step: 2 }),
        record("c", { caseId: "c", step: 3 }),
      ),
    );

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: "b" }] });
    expect(handled).toEqual([
      { caseId: "c", step: 1 },
      { caseId: "c", step: 3 },
    ]);
  });

  it("reports a batch where everything failed instead of throwing", async () => {
    const consume = createSqsConsumer({
      schema: StepSchema,
      handle: async () => {
        throw new Error("down");
      },
      onFailure: quiet,
    });

    expect(
      await consume(event(record("a", { caseId: "c", step: 1 }), record("b", { caseId: "c", step: 2 }))),
    ).toEqual({
      batchItemFailures: [{ itemIdentifier: "a" }, { itemIdentifier: "b" }],
    });
  });

  it("hands poison records to onPoison with the reason and reports them processed", async () => {
    const poisoned: [string, PoisonMessageError][] = [];
    const consume = createSqsConsumer({
      schema: StepSchema,
      handle: async () => {},
      onPoison: async (poison, error) => {
        poisoned.push([poison.messageId, error]);
      },
    });

    const response = await consume(
      event(
        record("bad-json", "{not json"),
        record("bad-shape", { caseId: 7 }),
        record("ok", { caseId: "c", step: 1 }),
      ),
    );

    expect(response.batchItemFailures).toEqual([]);
    expect(poisoned.map(([id, error]) => [id, error.reason])).toEqual([
      ["bad-json", "invalid-json"],
      ["bad-shape", "schema-mismatch"],
    ]);
    expect(poisoned[1]?.[1].detail).toMatch(/caseId: .*expected string/);
    expect(poisoned[1]?.[1].detail).toMatch(/step: /);
    expect(poisoned[1]?.[1].detail).not.toContain("7");
  });

  it("without onPoison, fails a poison record so the redrive policy dead-letters it eventually", async () => {
    const failures: unknown[] = [];
    const consume = createSqsConsumer({
      schema: StepSchema,
      handle: async () => {},
      onFailure: (_record, error) => failures.push(error),
    });

    expect(await consume(event(record("bad", "[]")))).toEqual({
      batchItemFailures: [{ itemIdentifier: "bad" }],
    });
    expect(failures[0]).toBeInstanceOf(PoisonMessageError);
  });

  it("retries a poison record whose hand-over to the DLQ failed", async () => {
    const consume = createSqsConsumer({
      schema: StepSchema,
      handle: async () => {},
      onPoison: async () => {
        throw new Error("DLQ unreachable");
      },
      onFailure: quiet,
    });

    expect(await consume(event(record("bad", "nope")))).toEqual({
      batchItemFailures: [{ itemIdentifier: "bad" }],
    });
  });
});

describe("createSqsConsumer on a FIFO queue", () => {
  it("processes in order and, after a failure, fails the rest of that group unprocessed while other groups go on", async () => {
    const handled: string[] = [];
    const consume = createSqsConsumer({
      schema: StepSchema,
      handle: async (_record, message) => {
        if (message.caseId === "A" && message.step === 2) throw new Error("conflict");
        handled.push(`${message.caseId}${message.step}`);
      },
      onFailure: quiet,
    });

    const response = await consume(
      event(
        fifoRecord("a1", "A", 1),
        fifoRecord("b1", "B", 1),
        fifoRecord("a2", "A", 2),
        fifoRecord("b2", "B", 2),
        fifoRecord("a3", "A", 3),
        fifoRecord("b3", "B", 3),
      ),
    );

    expect(handled).toEqual(["A1", "B1", "B2", "B3"]);
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: "a2" }, { itemIdentifier: "a3" }]);
  });

  it("processes records one at a time even when the handler is slow", async () => {
    let running = 0;
    let overlapped = false;
    const consume = createSqsConsumer({
      schema: StepSchema,
      handle: async () => {
        running++;
        overlapped ||= running > 1;
        await new Promise((resolve) => setTimeout(resolve, 5));
        running--;
      },
    });

    await consume(event(fifoRecord("a1", "A", 1), fifoRecord("b1", "B", 1), fifoRecord("a2", "A", 2)));

    expect(overlapped).toBe(false);
  });

  it("lets a poison record go to onPoison without blocking the records behind it in its group", async () => {
    const handled: string[] = [];
    const consume = createSqsConsumer({
      schema: StepSchema,
      handle: async (_record, message) => {
        handled.push(`${message.caseId}${message.step}`);
      },
      onPoison: async () => {},
    });

    const response = await consume(
      event(fifoRecord("a1", "A", 1), record("a2", "garbage", FIFO_ARN, "A"), fifoRecord("a3", "A", 3)),
    );

    expect(response.batchItemFailures).toEqual([]);
    expect(handled).toEqual(["A1", "A3"]);
  });
});

describe("poison details and failure logs carry no body content", () => {
  const ID_NUMBER = "11010519491231002X";
  const PHONE = "13812345678";
  const NAME = "张三";
  const PII = [ID_NUMBER, PHONE, NAME, "1101051949"];
  const AnswerSchema = z.strictObject({
    caseId: z.string(),
    step: z.number().int(),
    kind: z.enum(["first", "second"]),
    answers: z.record(z.string(), z.number()),
  });
  afterEach(() => vi.restoreAllMocks());

  async function poisonOf(body: string): Promise<PoisonMessageError | undefined> {
    let poison: PoisonMessageError | undefined;
    const consume = createSqsConsumer({
      schema: AnswerSchema,
      handle: async () => {},
      onPoison: async (_record, error) => {
        poison = error;
      },
    });
    await consume(event(record("p", body)));
    return poison;
  }

  it("an unparseable body: a fixed sentence, not the parser's message (which quotes the body)", async () => {
    // A short body that is not JSON at all (a name and a phone number): Node quotes it whole.
    const body = `${NAME} ${PHONE}`;
    let parserMessage = "";
    try {
      JSON.parse(body);
    } catch (error) {
      parserMessage = error instanceof Error ? error.message : "";
    }
    expect(parserMessage).toContain(PHONE); // why the parser's message is never used

    const poison = await poisonOf(body);

    expect(poison?.reason).toBe("invalid-json");
    expect(poison?.detail).toBe(INVALID_JSON_DETAIL);
  });

  it("a body of the wrong shape: paths and expectations only, never values, record keys or unknown key names", async () => {
    const body = JSON.stringify({
      caseId: Number(PHONE),
      step: NAME,
      kind: PHONE,
      answers: { [ID_NUMBER]: NAME, total: "x" },
      [`holder-${ID_NUMBER}`]: true,
    });

    const poison = await poisonOf(body);

    expect(poison?.reason).toBe("schema-mismatch");
    const detail = poison?.detail ?? "";
    for (const value of PII) expect(detail).not.toContain(value);
    expect(detail).toMatch(/caseId: .*expected string/);
    expect(detail).toMatch(/step: /);
    expect(detail).toMatch(/kind: .*"first"/);
    expect(detail).toContain("answers.[key]: ");
    expect(detail).toContain("answers.total: ");
    expect(detail).toContain("(root): 1 unrecognized key(s)");
  });

  it("logs a failed record as one JSON line with ids and the error, never the body", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const consume = createSqsConsumer({ schema: AnswerSchema, handle: async () => {} });
    const bodies = [
      `${NAME} ${PHONE}`,
      JSON.stringify({ caseId: NAME, step: PHONE, kind: "x", answers: { [ID_NUMBER]: "y" } }),
    ];

    await consume(event(...bodies.map((body, i) => record(`m${i}`, body))));

    expect(errors).toHaveBeenCalledTimes(2);
    for (const [line] of errors.mock.calls) {
      const entry = JSON.parse(String(line));
      expect(entry).toMatchObject({ level: "error", message: "sqs record failed" });
      expect(entry.error.name).toBe("PoisonMessageError");
      for (const value of PII) expect(String(line)).not.toContain(value);
    }
  });
});
