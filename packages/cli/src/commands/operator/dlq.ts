import { z } from "zod";
import { createApiClient, getOpsSummary, parseResponse } from "../../api.ts";
import { catalogue } from "../../catalogue.ts";
import type { Command } from "../../command.ts";
import { emit } from "../../context.ts";
import { renderTable } from "../../format.ts";
import { mintToken } from "../../identity.ts";

const RedriveResponseSchema = z.looseObject({
  queue: z.string(),
  moved: z.number(),
  failed: z.number().optional(),
});

/** Queue keys as the ops routes name them; a bare department id means its queue, `dept-<id>`. */
export function queueKey(name: string): string {
  if (name === "orchestrator" || name === "results" || name === "events" || name.startsWith("dept-"))
    return name;
  return catalogue().departments.has(name) ? `dept-${name}` : name;
}

export const dlqCommand: Command = {
  name: "dlq",
  summary: "dead-letter queues: depths, and redrive to the source queue",
  usage: ["dlq list [--all]", "dlq redrive <queue>"],
  description: [
    "`list` prints the depth of every dead-letter queue from the operator summary (GET /v1/ops/summary); " +
      "only the non-empty ones unless --all. `redrive` moves up to 1,000 dead letters of one queue back to " +
      "its source queue (POST /v1/ops/dead-letters/{queue}/redrive), same body and message group. Queues: " +
      "orchestrator, results, events, dept-<departmentId> (a bare department id works too).",
  ],
  options: {
    all: { type: "boolean", description: "list: include empty dead-letter queues" },
  },
  positionals: { min: 1, max: 2 },
  examples: ["onething dlq list", "onething dlq redrive orchestrator", "onething dlq redrive health"],
  async run(ctx, args) {
    const action = args.positional(0, "list or redrive");
    if (action !== "list" && action !== "redrive")
      throw args.usage(`dlq ${action}: expected list or redrive`);
    const token = await mintToken(ctx, { role: "operator" });
    const api = await createApiClient(ctx);
    if (action === "list") {
      if (args.positionals.length > 1) throw args.usage("dlq list takes no queue");
      const summary = await getOpsSummary(api, token);
      const queues = summary.deadLetters;
      const shown = args.flag("all") ? queues : queues.filter((q) => q.depth > 0);
      const total = queues.reduce((n, q) => n + q.depth, 0);
      emit(ctx, { deadLetters: queues, total }, () => {
        if (shown.length === 0) return `All ${queues.length} dead-letter queues are empty.`;
        return [
          `${total} dead letter${total === 1 ? "" : "s"} in ${queues.filter((q) => q.depth > 0).length} of ${queues.length} queues:`,
          renderTable(
            [{ header: "queue" }, { header: "depth" }],
            shown.map((q) => [q.queue, String(q.depth)]),
          ),
          ...(total > 0 ? ["", "redrive: npx onething dlq redrive <queue>"] : []),
        ].join("\n");
      });
      return 0;
    }
    const queue = queueKey(args.positional(1, "the queue to redrive"));
    const result = parseResponse(
      RedriveResponseSchema,
      await api.request("POST", `/v1/ops/dead-letters/${encodeURIComponent(queue)}/redrive`, { token }),
      "redrive result",
    );
    emit(
      ctx,
      result,
      () =>
        `Moved ${result.moved} message${result.moved === 1 ? "" : "s"} from ${queue}'s dead-letter queue back to ${queue}` +
        (result.failed ? `; ${result.failed} refused by the source queue, still in the DLQ` : "") +
        ".",
    );
    return 0;
  },
};
