import { createTaskTokens } from "@onething/auth";
import type { TaskDispatchedMessage } from "@onething/contracts";
import { describe, expect, it } from "vitest";
import { taskLines } from "../src/commands/department/tasks.ts";
import { claimsOf, cli, dataDir, fakeFetch, TASK_TOKEN_SECRET } from "./support.ts";

describe("answer", () => {
  const taskToken = createTaskTokens(TASK_TOKEN_SECRET).sign({
    caseId: "OT-7",
    itemId: "funeral-fee-waiver",
    department: "funeral-home",
    attempt: 1,
  });

  it("posts the result as the department the task token names, outputs typed as declared", async () => {
    const api = fakeFetch({
      [`POST /v1/tasks/${taskToken}/result`]: { status: 202, body: { accepted: true, caseId: "OT-7" } },
    });
    const r = await cli(
      [
        "answer",
        taskToken,
        "completed",
        "--output",
        "waivedAmount=800",
        "--keep-message",
        "--data-dir",
        dataDir(),
      ],
      { fetch: api.fetch },
    );
    expect(r.code).toBe(0);
    expect(claimsOf(api.requests[0]?.headers.authorization)).toMatchObject({
      role: "department",
      department: "funeral-home",
    });
    expect(api.requests[0]?.body).toEqual({ outcome: "completed", outputs: { waivedAmount: 800 } });
    expect(r.out).toMatch(
      /^Answered funeral-fee-waiver of case OT-7 \(attempt 1\) as department funeral-home: completed\./,
    );
  });

  it("fills placeholders for the required outputs with --auto", async () => {
    const api = fakeFetch({ [`POST /v1/tasks/${taskToken}/result`]: { status: 202, body: {} } });
    await cli(["answer", taskToken, "completed", "--auto", "--keep-message", "--data-dir", dataDir()], {
      fetch: api.fetch,
    });
    expect(api.requests[0]?.body).toEqual({ outcome: "completed", outputs: { waivedAmount: 1 } });
  });

  it("reports a stale answer as the API's 409, in one line", async () => {
    const api = fakeFetch({
      [`POST /v1/tasks/${taskToken}/result`]: {
        status: 409,
        body: { error: "stale_attempt", message: "attempt 1 is not the current attempt (2)" },
      },
    });
    const r = await cli(
      ["answer", taskToken, "rejected", "--reason", "不符合条件", "--data-dir", dataDir()],
      {
        fetch: api.fetch,
      },
    );
    expect(r.code).toBe(1);
    expect(r.err).toBe("onething: 409 stale_attempt: attempt 1 is not the current attempt (2)\n");
  });

  it("refuses a bad outcome or a token that is not one before calling anything", async () => {
    const api = fakeFetch({});
    expect(
      (await cli(["answer", taskToken, "done", "--data-dir", dataDir()], { fetch: api.fetch })).code,
    ).toBe(2);
    const bad = await cli(["answer", "garbage", "completed", "--data-dir", dataDir()], { fetch: api.fetch });
    expect(bad.err).toMatch(/^onething: not a task token/);
    expect(api.requests).toHaveLength(0);
  });
});

describe("tasks listing", () => {
  it("warns nothing about receive counts: listing no longer receives", () => {
    const message = {
      type: "TaskDispatched",
      caseId: "OT-1",
      itemId: "death-certificate-hospital",
      department: "health",
      bundleId: "after-death",
      itemName: { zh: "居民死亡医学证明", en: "Medical death certificate" },
      attempt: 1,
      dueAt: "2026-03-05T09:00:00.000Z",
      inputs: { fields: {}, outputs: {} },
      taskToken: "tok",
    } as unknown as TaskDispatchedMessage;
    const lines = taskLines(
      { messageId: "m1", receiveCount: 7, sentAt: undefined, message, problem: undefined },
      1,
    );
    expect(lines.join("\n")).not.toMatch(/dead-letter|times/);
    expect(lines.at(-1)).toMatch(/^ {3}answer: npx onething answer <token> completed/);
  });
});
