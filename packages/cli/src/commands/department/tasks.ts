import type { DepartmentMessage, TaskDispatchedMessage } from "@onething/contracts";
import { catalogue, findItem, outputHints } from "../../catalogue.ts";
import type { Command } from "../../command.ts";
import { emit } from "../../context.ts";
import { readRuntime } from "../../data-dir.ts";
import { openDepartmentQueue, peekMessages, type QueuedMessage, queueDepth } from "../../department-queue.ts";
import { formatDue, formatRecord, formatTime } from "../../format.ts";
import { settledOn, settleMessages, sweepSettled } from "../../settled.ts";

export const DEFAULT_MAX_TASKS = 50;

type Task = QueuedMessage & { message: TaskDispatchedMessage };
type Notice = QueuedMessage & { message: Exclude<DepartmentMessage, TaskDispatchedMessage> };

const attemptKey = (m: { caseId: string; itemId: string; attempt: number }) =>
  `${m.caseId}:${m.itemId}:${m.attempt}`;

/** Splits what was read: tasks, notices, and tasks a cancellation notice on the same queue has withdrawn. */
export function sortMessages(messages: readonly QueuedMessage[]) {
  const tasks = messages.filter((m): m is Task => m.message?.type === "TaskDispatched");
  const notices = messages.filter(
    (m): m is Notice => m.message !== undefined && m.message.type !== "TaskDispatched",
  );
  const cancelledKeys = new Set(
    notices.filter((n) => n.message.type === "TaskCancelled").map((n) => attemptKey(n.message)),
  );
  return {
    open: tasks.filter((t) => !cancelledKeys.has(attemptKey(t.message))),
    cancelled: tasks.filter((t) => cancelledKeys.has(attemptKey(t.message))),
    notices,
    unreadable: messages.filter((m) => m.message === undefined),
  };
}

export function taskLines(task: Task, index: number): string[] {
  const t = task.message;
  const item = findItem(t.itemId, t.department, t.bundleId);
  const lines = [
    `${index}. case ${t.caseId} · ${t.itemName.zh} ${t.itemName.en} (${t.itemId}) · attempt ${t.attempt} · due ${dueText(t.dueAt, t.dueProvisional)}`,
  ];
  const outputs = formatRecord(t.inputs.outputs);
  lines.push(`   inputs: ${formatRecord(t.inputs.fields) || "—"}`);
  if (outputs) lines.push(`   from earlier items: ${outputs}`);
  if (t.supplement) lines.push(`   supplement from the applicant: ${formatRecord(t.supplement)}`);
  lines.push(`   token: ${t.taskToken}`);
  const hints = item ? outputHints(item).filter((h) => !h.endsWith("?")) : [];
  lines.push(
    `   answer: npx onething answer <token> completed${hints.map((h) => ` --output ${h}`).join("")}`,
  );
  return lines;
}

/** A due time as a department reads it: provisional ones say so (暂定), a missing one says there is none. */
export function dueText(dueAt: string | undefined, provisional: boolean | undefined): string {
  if (!dueAt) return "no deadline (no working-day calendar covers it)";
  return `${formatDue(dueAt)}${provisional ? " (暂定 provisional)" : ""}`;
}

function noticeWhat(m: Notice["message"]): string {
  switch (m.type) {
    case "TaskCancelled":
      return `cancelled (${m.reason})`;
    case "TaskEscalated":
      return `overdue since ${formatDue(m.dueAt)}`;
    case "TaskDeadlineChanged":
      return `deadline now ${dueText(m.dueAt, m.dueProvisional)}${m.previousDueAt ? `, was ${formatDue(m.previousDueAt)}` : ""}`;
    default: {
      const never: never = m;
      return String(never);
    }
  }
}

function noticeLine(n: Notice): string {
  const m = n.message;
  const what = noticeWhat(m);
  return `  case ${m.caseId} · ${m.itemId} attempt ${m.attempt}: ${what} · sent ${formatTime(n.sentAt)}`;
}

export const tasksCommand: Command = {
  name: "tasks",
  summary: "the tasks waiting on a department's queue, with their task tokens",
  usage: ["tasks <departmentId> [--max <n>] [--wait <seconds>] [--ack-notices]"],
  description: [
    "Reads the department's SQS queue (endpoint and queue URL from <data-dir>/runtime.json) through the " +
      "emulator's read-only inspection, without receiving anything: listing as often as you like never moves a " +
      "task towards the dead-letter queue, and never hides it from the department's own consumer. Lists every task — case, item, attempt, due time, the " +
      "inputs the item declares (nothing else reaches a department), the applicant's supplement on a " +
      "re-dispatch, and the task token to answer with — and the notices (task cancelled, task overdue). A " +
      "task whose cancellation is on the queue is listed as cancelled, not as work.",
    "--ack-notices deletes the notices and the cancelled tasks (and nothing else, receiving no other message: " +
      "one behind an open task goes once that task is answered), as the department's system would once it has " +
      "taken note. A simulated " +
      "department answers its own tasks: start the platform with --manual <id> to act as it here.",
  ],
  options: {
    max: {
      type: "string",
      value: "<n>",
      description: `at most this many messages (default ${DEFAULT_MAX_TASKS})`,
    },
    wait: {
      type: "string",
      value: "<seconds>",
      description: "look again for up to this long while the queue is empty (0–20, default 1)",
    },
    "ack-notices": { type: "boolean", description: "delete the notices listed and the tasks they cancel" },
  },
  positionals: { min: 1, max: 1 },
  examples: ["onething tasks health", "onething tasks civil-affairs --json | jq -r '.tasks[0].taskToken'"],
  async run(ctx, args) {
    const department = args.positional(0, "the department id");
    if (!catalogue().departments.has(department)) {
      throw args.usage(
        `unknown department '${department}' (one of: ${[...catalogue().departments.keys()].join(", ")})`,
      );
    }
    const max = args.number("max", { min: 1, max: 1000, integer: true }) ?? DEFAULT_MAX_TASKS;
    const waitSeconds = args.number("wait", { min: 0, max: 20, integer: true }) ?? 1;
    const queue = await openDepartmentQueue(ctx, department);
    try {
      const simulated = (await readRuntime(ctx))?.simulatedDepartments?.includes(department) ?? false;
      // Settled messages (answered, acknowledged) that now stand at the front go first; the rest are not listed.
      await sweepSettled(ctx, queue);
      const settled = await settledOn(ctx, queue);
      const messages = (await peekMessages(queue, { max, waitSeconds })).filter(
        (m) => !settled.has(m.messageId),
      );
      const { open, cancelled, notices, unreadable } = sortMessages(messages);
      let acknowledged = 0;
      if (args.flag("ack-notices") && notices.length + cancelled.length > 0) {
        const ids = [...notices, ...cancelled].map((n) => n.messageId);
        acknowledged = (await settleMessages(ctx, queue, ids)).deleted;
      }
      const depth = await queueDepth(queue);
      const waitingSettled = (await settledOn(ctx, queue)).size;
      const task = (m: Task) => ({
        messageId: m.messageId,
        receiveCount: m.receiveCount,
        sentAt: m.sentAt,
        ...m.message,
      });
      emit(
        ctx,
        {
          department,
          simulated,
          queue: { url: queue.url, ...depth },
          tasks: open.map(task),
          cancelledTasks: cancelled.map(task),
          notices: notices.map((m) => ({
            messageId: m.messageId,
            receiveCount: m.receiveCount,
            ...m.message,
          })),
          unreadable: unreadable.map((m) => ({ messageId: m.messageId, problem: m.problem })),
          acknowledged,
          settledWaiting: waitingSettled,
        },
        () => {
          const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
          const lines = [
            `${department}: ${plural(open.length, "task")}, ${plural(notices.length, "notice")} ` +
              `(queue: ${depth.visible} visible, ${depth.inFlight} in flight)`,
          ];
          if (simulated) {
            lines.push(
              `${department} is simulated: the platform answers its tasks within seconds. Start it with ` +
                `--manual ${department} to answer them here.`,
            );
          } else if (messages.length === 0) {
            lines.push("Nothing waiting.");
          }
          open.forEach((m, i) => {
            lines.push("", ...taskLines(m, i + 1));
          });
          if (notices.length + cancelled.length > 0) {
            lines.push("", "Notices:", ...notices.map(noticeLine));
            if (cancelled.length > 0)
              lines.push(`  ${plural(cancelled.length, "cancelled task")} still on the queue`);
            lines.push(acknowledged > 0 ? `  (deleted ${acknowledged})` : "  (--ack-notices deletes them)");
          }
          if (waitingSettled > 0) {
            lines.push(
              "",
              `${plural(waitingSettled, "answered or acknowledged message")} wait behind open tasks: each is ` +
                "deleted once the tasks in front of it are answered (nothing else is received).",
            );
          }
          for (const u of unreadable) lines.push(`! message ${u.messageId}: ${u.problem}`);
          return lines.join("\n");
        },
      );
      return 0;
    } finally {
      queue.close();
    }
  },
};
