/**
 * The task messages of issue 17's part S, as the outbox builds them: TaskDispatched with the case's bundle version and
 * the item's declared outputs (and, after a transfer, the office it came from), TaskCancelled for the office a task
 * was transferred away from, and TaskEscalated on the supervising office's department queue.
 */
import { createTaskTokens } from "@onething/auth";
import { DepartmentMessageSchema } from "@onething/contracts";
import type { Command } from "@onething/domain";
import { loadSeedCatalogue } from "@onething/seeds";
import { describe, expect, it } from "vitest";
import { commandsToOutbox, departmentQueue } from "../src/index.ts";

const catalogue = loadSeedCatalogue();
const bundle = catalogue.bundle("after-death");
const tokens = createTaskTokens("outbox-status-test-secret-0123456789");
const NOW = new Date("2026-12-07T02:00:00Z");
const YINZHOU = { jurisdiction: "330212", path: "000000/330000/330200/330212" };
const HAISHU = { jurisdiction: "330203", path: "000000/330000/330200/330203" };
const NINGBO = { jurisdiction: "330200", path: "000000/330000/330200" };
const task = {
  caseId: "OT-20261207-ABCDEFGHJK",
  itemId: "household-cancellation",
  department: "public-security",
};

const messagesOf = (commands: Command[]) =>
  commandsToOutbox(commands, bundle, tokens, NOW).map((m) => ({
    queue: m.queue,
    body: DepartmentMessageSchema.parse(m.body),
  }));

describe("the task messages of status, transfer and escalation", () => {
  it("TaskDispatched carries the bundle version and the item's declared outputs; a transfer's, where it came from", () => {
    const [sent] = messagesOf([
      {
        type: "DispatchItem",
        ...task,
        attempt: 2,
        dueAt: "2026-12-09T16:00:00.000Z",
        dueProvisional: false,
        inputs: { fields: {}, outputs: {} },
        office: HAISHU,
        transferredFrom: YINZHOU,
      },
    ]);
    const declared = bundle.items.find((i) => i.id === task.itemId)?.outputs ?? [];
    expect(sent?.body).toMatchObject({
      type: "TaskDispatched",
      bundleVersion: bundle.version,
      dueProvisional: false,
      office: HAISHU,
      transferredFrom: YINZHOU,
      outputs: declared.map((o) => ({ name: o.name, type: o.type, label: o.label, required: o.required })),
    });
    expect(sent?.body.type === "TaskDispatched" && tokens.verify(sent.body.taskToken)).toMatchObject({
      attempt: 2,
      office: HAISHU.path,
    });
  });

  it("TaskCancelled (transferred) goes to the old office, naming the new one", () => {
    const [cancelled] = messagesOf([
      {
        type: "CancelItem",
        ...task,
        attempt: 1,
        reason: "transferred",
        office: YINZHOU,
        transferredTo: HAISHU,
      },
    ]);
    expect(cancelled).toEqual({
      queue: departmentQueue("public-security"),
      body: expect.objectContaining({ reason: "transferred", office: YINZHOU, transferredTo: HAISHU }),
    });
  });

  it("TaskEscalated goes to the supervising office's department queue, the holder named; level 2 has its own id", () => {
    const escalate = (level: 1 | 2, to: { department: string } & typeof NINGBO): Command => ({
      type: "EscalateOverdueItem",
      ...task,
      attempt: 1,
      dueAt: "2026-12-09T16:00:00.000Z",
      level,
      to: { ...to, rule: level === 1 ? "up" : "supervisor" },
      heldBy: YINZHOU,
    });
    const [first, second] = messagesOf([
      escalate(1, { department: "public-security", ...NINGBO }),
      escalate(2, { department: "civil-affairs", ...NINGBO }),
    ]);
    expect(first).toEqual({
      queue: departmentQueue("public-security"),
      body: expect.objectContaining({
        eventId: `escalate:${task.caseId}:${task.itemId}:1`,
        department: "public-security",
        office: NINGBO,
        level: 1,
        heldBy: { department: "public-security", ...YINZHOU },
      }),
    });
    expect(second).toEqual({
      queue: departmentQueue("civil-affairs"),
      body: expect.objectContaining({ eventId: `escalate:${task.caseId}:${task.itemId}:1:2`, level: 2 }),
    });
  });
});
