import type { CaseView } from "@onething/contracts";
import { catalogue } from "../../catalogue.ts";
import type { Command } from "../../command.ts";
import { emit } from "../../context.ts";
import { CliError } from "../../errors.ts";
import { describeIdentity } from "../../identity.ts";
import { parseFileAssignment, uploadFile } from "../../upload.ts";
import { fieldKind, parseAssignment, parseJsonObject } from "../../values.ts";
import { ACT_AS_OPTION, caseReader } from "./status.ts";

type ItemView = CaseView["items"][number];

const describeRequests = (item: ItemView) =>
  (item.requested ?? []).map((r) => `${r.field} (${r.description})`).join("; ");

/** The item to supplement: the one named, else the only one waiting for the applicant. */
export function pickSupplementItem(view: CaseView, itemId: string | undefined): ItemView {
  const waiting = view.items.filter((i) => i.status === "awaiting_supplement");
  if (itemId !== undefined) {
    const item = view.items.find((i) => i.itemId === itemId);
    if (!item) throw new CliError(`case ${view.caseId} has no item ${itemId}`);
    if (item.status !== "awaiting_supplement") {
      throw new CliError(`${itemId} is ${item.status}, not waiting for a supplement`, {
        code: "nothing_requested",
      });
    }
    return item;
  }
  if (waiting.length === 0) {
    throw new CliError(`case ${view.caseId} is ${view.status}: no item is waiting for a supplement`, {
      code: "nothing_requested",
    });
  }
  if (waiting.length > 1) {
    throw new CliError(
      `${waiting.length} items wait for a supplement; name one: ${waiting.map((i) => i.itemId).join(", ")}`,
      { exitCode: 2, code: "usage" },
    );
  }
  return waiting[0] as ItemView;
}

export const supplementCommand: Command = {
  name: "supplement",
  summary: "answer a department's supplement request (补正) as the applicant",
  usage: [
    "supplement <caseId> [itemId] --answer <field>=<value>… [--answers-json <json|@file>] [--as <who>]",
  ],
  description: [
    "Posts POST /v1/cases/{caseId}/supplements as the applicant: every requested piece answered, nothing " +
      "else. Without an item id it answers the one item waiting for the applicant; without answers it prints " +
      "what is asked. Answers to form fields (section.name) are read as the form declares them.",
  ],
  options: {
    answer: { type: "string", multiple: true, value: "<field>=<value>", description: "one requested piece" },
    "answers-json": { type: "string", value: "<json|@file>", description: "answers as a JSON object" },
    file: {
      type: "string",
      multiple: true,
      value: "<field>=<path>",
      description:
        "a requested document: the file (pdf, jpeg, png) is uploaded, checked and answered by reference",
    },
    as: ACT_AS_OPTION,
  },
  positionals: { min: 1, max: 2 },
  examples: [
    "onething supplement 01JC8X…                      # shows what is asked",
    "onething supplement 01JC8X… --answer 'cremationProof=scan-2025-11-04.pdf'",
    "onething supplement 01JC8X… funeral-subsidy --answer applicant.phone=13805748813",
    "onething supplement 01JC8X… death-certificate-hospital --file certificateScan=./scan.jpg",
  ],
  async run(ctx, args) {
    const caseId = args.positional(0, "the case id");
    const reader = await caseReader(ctx, caseId, args.string("as"), "act");
    const view = await reader.read();
    const item = pickSupplementItem(view, args.positionals[1]);
    const bundle = catalogue().has(view.bundleId)
      ? catalogue().bundle(view.bundleId, view.bundleVersion)
      : undefined;
    const typeOf = (field: string) =>
      bundle?.form.fields.find((f) => `${f.section}.${f.name}` === field)?.type;
    let answers: Record<string, unknown> = {};
    const json = args.string("answers-json");
    if (json !== undefined) answers = parseJsonObject(json, "answers-json");
    for (const text of args.list("answer")) {
      const [key, value] = parseAssignment(text, "answer", (k) => fieldKind(typeOf(k)));
      answers[key] = value;
    }
    for (const text of args.list("file")) {
      const [field, path] = parseFileAssignment(text, "file");
      const ticketPath = `/v1/cases/${encodeURIComponent(caseId)}/documents`;
      const declared = { itemId: item.itemId, field };
      answers[field] = await uploadFile(ctx, reader.api, reader.token, ticketPath, declared, path);
    }
    if (Object.keys(answers).length === 0) {
      // Nothing to send: say what is asked, and how to answer it.
      emit(
        ctx,
        {
          caseId,
          itemId: item.itemId,
          department: item.department,
          reason: item.reason,
          requested: item.requested ?? [],
        },
        () =>
          [
            `${item.itemId} (${item.department}) asks for: ${describeRequests(item)}${item.reason ? ` — ${item.reason}` : ""}`,
            `answer: npx onething supplement ${caseId} ${item.itemId}${(item.requested ?? []).map((r) => ` --answer '${r.field}=…'`).join("")}`,
          ].join("\n"),
      );
      return 0;
    }
    const result = await reader.api.request("POST", `/v1/cases/${encodeURIComponent(caseId)}/supplements`, {
      token: reader.token,
      body: { itemId: item.itemId, answers },
    });
    emit(ctx, { caseId, itemId: item.itemId, answers, result }, () =>
      [
        `Supplement for ${item.itemId} sent as ${describeIdentity(reader.actor.identity)}; the item goes back to ${item.department} (attempt ${item.attempt + 1}).`,
        `next: npx onething status ${caseId}`,
      ].join("\n"),
    );
    return 0;
  },
};
