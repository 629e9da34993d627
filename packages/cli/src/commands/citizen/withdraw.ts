import type { Command } from "../../command.ts";
import { emit } from "../../context.ts";
import { describeIdentity } from "../../identity.ts";
import { ACT_AS_OPTION, caseReader } from "./status.ts";

export const DEFAULT_WITHDRAW_REASON = "申请人撤回申请 (withdrawn by the applicant)";

export const withdrawCommand: Command = {
  name: "withdraw",
  summary: "withdraw a case as the applicant",
  usage: ["withdraw <caseId> [--reason <text>] [--as <who>]"],
  description: [
    "Posts POST /v1/cases/{caseId}/withdraw as the applicant: every open task is cancelled at its department " +
      "(a TaskCancelled notice on its queue). Refused (409) once the case is final.",
  ],
  options: {
    reason: { type: "string", value: "<text>", description: `why (default: ${DEFAULT_WITHDRAW_REASON})` },
    as: ACT_AS_OPTION,
  },
  positionals: { min: 1, max: 1 },
  examples: ["onething withdraw 01JC8X… --reason '家属决定暂缓办理'"],
  async run(ctx, args) {
    const caseId = args.positional(0, "the case id");
    const reason = args.string("reason") ?? DEFAULT_WITHDRAW_REASON;
    if (reason.trim() === "") throw args.usage("--reason must not be empty");
    const reader = await caseReader(ctx, caseId, args.string("as"), "act");
    const result = await reader.api.request("POST", `/v1/cases/${encodeURIComponent(caseId)}/withdraw`, {
      token: reader.token,
      body: { reason },
    });
    emit(ctx, { caseId, reason, result }, () =>
      [
        `Withdrawal of case ${caseId} accepted (as ${describeIdentity(reader.actor.identity)}); open tasks are being cancelled.`,
        `next: npx onething status ${caseId}`,
      ].join("\n"),
    );
    return 0;
  },
};
