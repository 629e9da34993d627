import { afterEach, describe, expect, it, vi } from "vitest";
import { createLogger, maskLogFields, maskPiiInText } from "../src/logger.ts";

const idNumber = "11010519491231002X";
const phone = "13812345678";
const name = "王秀英";
const uscc = "91330200MA2AXXXX4K";

/** Everything the Powertools Logger writes (it writes to process.stdout/stderr through its own Console). */
function captureOutput(): () => string {
  const chunks: string[] = [];
  const capture = (chunk: unknown) => {
    chunks.push(String(chunk));
    return true;
  };
  vi.spyOn(process.stdout, "write").mockImplementation(capture);
  vi.spyOn(process.stderr, "write").mockImplementation(capture);
  return () => chunks.join("");
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("createLogger", () => {
  it("writes JSON without the ID number, phone or name in clear, keeping caseId and itemId", () => {
    const output = captureOutput();
    const log = createLogger({ serviceName: "logger-test" });

    log.info("department answer dropped", {
      caseId: "OT-20260302-ABCDEFGHJK",
      itemId: "household-cancellation",
      idNumber,
      phone,
      name,
      detail: `applicant ${idNumber} (tel. ${phone}) not found`,
    });

    const text = output();
    expect(text).not.toContain(idNumber);
    expect(text).not.toContain(phone);
    expect(text).not.toContain(name);
    const line = JSON.parse(text.trim());
    expect(line).toMatchObject({
      level: "INFO",
      service: "logger-test",
      message: "department answer dropped",
      caseId: "OT-20260302-ABCDEFGHJK",
      itemId: "household-cancellation",
      idNumber: "110105********002X",
      phone: "138****5678",
      name: "王**",
      detail: "applicant 110105********002X (tel. 138****5678) not found",
    });
  });

  it("masks the message and error levels too", () => {
    const output = captureOutput();
    const log = createLogger({ serviceName: "logger-test" });

    log.warn(`lookup of ${phone} failed`);
    log.error("request failed", { error: new Error(`no household for ${idNumber}`) });

    const text = output();
    expect(text).not.toContain(phone);
    expect(text).not.toContain(idNumber);
    const [warn, error] = text
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(warn).toMatchObject({ level: "WARN", message: "lookup of 138****5678 failed" });
    expect(error).toMatchObject({
      level: "ERROR",
      error: { message: "no household for 110105********002X" },
    });
  });
});

describe("maskLogFields", () => {
  it("masks personal keys however they are spelled and nested, whatever the value looks like", () => {
    const masked = maskLogFields({
      applicant: { fullName: "Li Lei", id_number: "A1234567", contactPhone: "0574-87654321" },
      residentialAddress: "浙江省宁波市海曙区中山西路100号",
      students: [{ name: "李华" }, "李明"],
      applicantId: uscc,
    });

    expect(masked).toEqual({
      applicant: { fullName: "L*****", id_number: "********", contactPhone: "057******4321" },
      residentialAddress: "浙江省宁波市****",
      students: [{ name: "李*" }, "李*"],
      applicantId: "913302********XX4K",
    });
  });

  it("leaves ids, technical names, error class names under errorName, numbers and flags alone", () => {
    const fields = {
      caseId: "OT-20260302-ABCDEFGHJK",
      eventId: "3f1c2a9e-5b7d-4e21-9c0f-8a6b4d2e1f30",
      queueName: "onething-prod-orchestrator.fifo",
      errorName: "RequestRefusedError",
      error_name: "TypeError",
      attempt: 2,
      receiveCount: 17,
      occurredAt: "2026-03-02T02:00:00.000Z",
      overdue: false,
      missing: undefined,
    };

    expect(maskLogFields(fields)).toEqual(fields);
  });

  it("masks whatever stands under `name`, even a value shaped like an error class", () => {
    // Error classes are logged under `errorName`; a `name` is a person's until proven otherwise.
    expect(maskLogFields({ name: "RequestRefusedError", subject: { name: "WangError" } })).toEqual({
      name: "R******************",
      subject: { name: "W********" },
    });
  });

  it("keeps an Error's class name when the Error itself is logged", () => {
    const error = new TypeError(`no household for ${idNumber}`);

    expect(maskLogFields({ error })).toMatchObject({
      error: { name: "TypeError", message: "no household for 110105********002X" },
    });
  });

  it("masks personal values that arrive as numbers", () => {
    expect(maskLogFields({ detail: 13812345678, phone: 13812345678 })).toEqual({
      detail: "138****5678",
      phone: "138****5678",
    });
  });

  it("survives cycles and very deep values", () => {
    const cyclic: Record<string, unknown> = { caseId: "OT-1" };
    cyclic.self = cyclic;
    let deep: Record<string, unknown> = { phone };
    for (let i = 0; i < 20; i++) deep = { deep };

    expect(maskLogFields({ cyclic })).toEqual({ cyclic: { caseId: "OT-1", self: "[circular]" } });
    expect(JSON.stringify(maskLogFields(deep))).not.toContain(phone);
  });
});

describe("maskPiiInText", () => {
  it.each([
    [`身份证号${idNumber}，电话${phone}`, "身份证号110105********002X，电话138****5678"],
    ["call +86 138-1234-5678", "call +86**********5678"],
    [`credit code ${uscc}.`, "credit code 913302********XX4K."],
    [
      "sequence 18779123456789012345 and epoch 1772416800000",
      "sequence 18779123456789012345 and epoch 1772416800000",
    ],
  ])("%s", (text, expected) => {
    expect(maskPiiInText(text)).toBe(expected);
  });
});
