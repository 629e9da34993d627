/**
 * The sample receiver as a server: `npx node examples/webhook-receiver/server.ts` (see README.md here).
 *
 *   WEBHOOK_SECRET  the office's secret from `PUT /v1/department/webhook` (required)
 *   PORT            where to listen (default 4000, on 127.0.0.1)
 *   ONETHING_API    the platform (default http://localhost:3000)
 *   ONETHING_TOKEN  a department office's bearer token: given, each TaskDispatched is answered at once on
 *                   `POST /v1/tasks/{taskToken}/result` (completed, with sample values of its declared outputs;
 *                   an item that needs a document or a certificate is left to answer by hand); without it, logged
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

interface Declared {
  name: string;
  type?: string;
  required?: boolean;
  options?: string[];
}

/** The item's declared outputs: in the message where it carries them, else from the public bundle route. */
async function declaredOutputs(message: Record<string, unknown>): Promise<Declared[]> {
  if (Array.isArray(message.outputs)) return message.outputs as Declared[];
  const bundle = (await (await fetch(`${api}/v1/bundles/${String(message.bundleId)}`)).json()) as {
    items?: { id: string; outputs?: Declared[] }[];
  };
  // A for-each instance (`<item>--<key>`) answers with its item's outputs.
  const itemId = String(message.itemId).split("--")[0];
  return bundle.items?.find((i) => i.id === itemId)?.outputs ?? [];
}

/** A sample value of each simple declared output; undefined when a required one needs a person (a document …). */
function sampleOutputs(declared: Declared[]): Record<string, unknown> | undefined {
  const today = new Date().toISOString().slice(0, 10);
  const outputs: Record<string, unknown> = {};
  for (const o of declared) {
    const value =
      o.type === "enum"
        ? o.options?.[0]
        : ({ text: "示例", boolean: true, date: today, integer: 1, number: 1 } as Record<string, unknown>)[
            o.type ?? ""
          ];
    if (value !== undefined) outputs[o.name] = value;
    else if (o.required) return undefined;
  }
  return outputs;
}

async function answerTask(message: Record<string, unknown>): Promise<void> {
  if (message.type !== "TaskDispatched" || !token) return;
  const outputs = sampleOutputs(await declaredOutputs(message));
  if (!outputs) {
    console.log(
      JSON.stringify({ level: "info", message: "answer this one by hand", taskToken: message.taskToken }),
    );
    return;
  }
  const response = await fetch(`${api}/v1/tasks/${String(message.taskToken)}/result`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ outcome: "completed", outputs }),
  });
  console.log(
    JSON.stringify({ level: "info", message: "answered", status: response.status, eventId: message.eventId }),
  );
}

createServer(createReceiverHandler({ secret, onTask: answerTask })).listen(port, "127.0.0.1", () =>
  console.log(`webhook receiver on http://127.0.0.1:${port}/ (register it with PUT /v1/department/webhook)`),
);
