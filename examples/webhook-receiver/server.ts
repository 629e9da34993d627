/**
 * The sample receiver as a server: `npx node examples/webhook-receiver/server.ts` (see README.md here).
 *
 *   WEBHOOK_SECRET  the office's secret from `PUT /v1/department/webhook` (required)
 *   PORT            where to listen (default 4000, on 127.0.0.1)
 *   ONETHING_API    the platform (default http://localhost:3000)
 *   ONETHING_TOKEN  a department office's bearer token: given, each TaskDispatched is answered at once on
 *                   `POST /v1/tasks/{taskToken}/result` (completed, with sample outputs); without it, only logged
 */
import { createServer } from "node:http";
import { createReceiverHandler } from "./receiver.ts";

const secret = process.env.WEBHOOK_SECRET;
if (!secret) {
  console.error("WEBHOOK_SECRET is missing: the secret PUT /v1/department/webhook answered with");
  process.exit(2);
}
const port = Number(process.env.PORT ?? 4000);
const api = process.env.ONETHING_API ?? "http://localhost:3000";
const token = process.env.ONETHING_TOKEN;

/** A value of each declared output's type (when the task message declares its outputs). */
function sampleOutputs(message: Record<string, unknown>): Record<string, unknown> {
  const declared = Array.isArray(message.outputs)
    ? (message.outputs as { name: string; type?: string }[])
    : [];
  const today = new Date().toISOString().slice(0, 10);
  const byType: Record<string, unknown> = { boolean: true, date: today, integer: 1, number: 1 };
  return Object.fromEntries(declared.map((o) => [o.name, byType[o.type ?? ""] ?? "sample"]));
}

async function answerTask(message: Record<string, unknown>): Promise<void> {
  if (message.type !== "TaskDispatched" || !token) return;
  const response = await fetch(`${api}/v1/tasks/${String(message.taskToken)}/result`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ outcome: "completed", outputs: sampleOutputs(message) }),
  });
  console.log(
    JSON.stringify({ level: "info", message: "answered", status: response.status, eventId: message.eventId }),
  );
}

createServer(createReceiverHandler({ secret, onTask: answerTask })).listen(port, "127.0.0.1", () =>
  console.log(`webhook receiver on http://127.0.0.1:${port}/ (register it with PUT /v1/department/webhook)`),
);
