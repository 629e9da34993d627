import {
  AcceptOfferResponseSchema,
  DeclineOfferResponseSchema,
  OfferListSchema,
  type OfferSummary,
  type OfferView,
  OfferViewSchema,
} from "@onething/contracts";
import { type Bundle, type FormField, maskPii } from "@onething/domain";
import { type ApiClient, createApiClient, parseResponse } from "../../api.ts";
import { recordCases } from "../../case-book.ts";
import { catalogue } from "../../catalogue.ts";
import type { Command } from "../../command.ts";
import { type Context, emit } from "../../context.ts";
import { formatDue, formatTime, formatValue, renderTable } from "../../format.ts";
import { describeIdentity, mintToken } from "../../identity.ts";
import { addresseeFor, recordOffers } from "../../offer-book.ts";
import { fieldKind, parseAssignment, parseJsonObject } from "../../values.ts";

const AS_CITIZEN = {
  type: "string",
  value: "<idNumber>",
  description:
    "the citizen (an ID number, or citizen:<idNumber>; default: the addressee the CLI recorded when it listed " +
    "the offer, else the citizen it last listed offers for)",
} as const;

/** What made an offer, in words: the rule's event, or the case (an outreach visit) whose item made it. */
export function describeMadeBy(offer: Pick<OfferSummary, "madeBy" | "eventType">): string {
  if (offer.madeBy.startsWith("case:")) return `visit ${offer.madeBy.slice("case:".length)}`;
  return offer.eventType ? `${offer.eventType} (${offer.madeBy})` : offer.madeBy;
}

/** A signed-in citizen on the offer routes. */
async function asCitizen(ctx: Context, idNumber: string) {
  const identity = { role: "citizen" as const, idNumber };
  const token = await mintToken(ctx, identity);
  const api: ApiClient = await createApiClient(ctx);
  return { identity, token, api, who: describeIdentity(identity) };
}

const bundleOf = (offer: Pick<OfferSummary, "bundleId" | "bundleVersion">): Bundle | undefined =>
  catalogue().has(offer.bundleId) ? catalogue().bundle(offer.bundleId, offer.bundleVersion) : undefined;

const fieldOf = (bundle: Bundle | undefined, ref: string): FormField | undefined =>
  bundle?.form.fields.find((f) => `${f.section}.${f.name}` === ref);

/** The draft's values, one line each, labelled with the form's labels, ID numbers masked as on screen. */
export function renderDraft(offer: OfferView): string[] {
  const bundle = bundleOf(offer);
  const lines: string[] = [];
  for (const [section, values] of Object.entries(offer.draft)) {
    for (const [name, value] of Object.entries((values ?? {}) as Record<string, unknown>)) {
      const field = fieldOf(bundle, `${section}.${name}`);
      // ID numbers masked but the last four, as the pages show them; the person's other facts are their own.
      const shown =
        field?.type === "idNumber" && typeof value === "string"
          ? maskPii("idNumber", value)
          : formatValue(value);
      lines.push(`  ${section}.${name}${field ? ` (${field.label.zh})` : ""}: ${shown}`);
    }
  }
  return lines;
}

/** `--answer k=<type>` hints for the open fields. */
function openHints(offer: OfferView): string[] {
  const bundle = bundleOf(offer);
  return offer.openFields.map((ref) => {
    const field = fieldOf(bundle, ref);
    const kind = field?.type === "enum" ? (field.options ?? []).map((o) => o.value).join("|") : field?.type;
    return `${ref}=<${kind ?? "value"}>`;
  });
}

export const offersCommand: Command = {
  name: "offers",
  summary: "a citizen's offers (免申即享): pre-filled applications the platform proposes",
  usage: ["offers [--as <idNumber>] [--limit <n>] [--cursor <c>]"],
  description: [
    "Reads GET /v1/offers as the citizen, newest first: each offer's id, bundle, state, when it was made and " +
      "expires, what made it (a rule on a data event, or an outreach visit) and the fields left open. Only " +
      "the addressee sees an offer. The CLI remembers the addressee of each offer listed, so `offer show|accept|" +
      "decline <offerId>` need no --as.",
  ],
  options: {
    as: AS_CITIZEN,
    limit: { type: "string", value: "<n>", description: "page size, 1–100 (default 25)" },
    cursor: {
      type: "string",
      value: "<cursor>",
      description: "the next page, as printed by the previous one",
    },
  },
  positionals: { min: 0, max: 0 },
  examples: ["onething offers --as 330212199405010228", "onething offers --json"],
  async run(ctx, args) {
    const idNumber = addresseeFor(ctx, args.string("as"));
    const limit = args.number("limit", { min: 1, max: 100, integer: true });
    const citizen = await asCitizen(ctx, idNumber);
    const page = parseResponse(
      OfferListSchema,
      await citizen.api.request("GET", "/v1/offers", {
        token: citizen.token,
        query: { limit, cursor: args.string("cursor") },
      }),
      "offer list",
    );
    await recordOffers(
      ctx,
      idNumber,
      page.offers.map((o) => o.offerId),
    );
    emit(ctx, page, () => {
      if (page.offers.length === 0) return `No offers for ${citizen.who}.`;
      const rows = page.offers.map((o) => [
        o.offerId,
        `${o.bundleId} v${o.bundleVersion}`,
        o.bundleName.zh,
        o.state,
        formatTime(o.madeAt).slice(0, 16),
        formatDue(o.expiresAt),
        describeMadeBy(o),
        o.state === "open" ? o.openFields.join(", ") || "(none: one step)" : (o.caseId ?? ""),
      ]);
      const open = page.offers.find((o) => o.state === "open");
      return [
        `Offers for ${citizen.who} (${page.offers.length}${page.cursor ? ", more" : ""}):`,
        renderTable(
          ["offer", "bundle", "name", "state", "made", "expires", "made by", "open fields / case"].map(
            (header) => ({ header }),
          ),
          rows,
        ),
        ...(page.cursor ? [`next page: npx onething offers --cursor ${page.cursor}`] : []),
        ...(open ? [`next: npx onething offer show ${open.offerId}`] : []),
      ].join("\n");
    });
    return 0;
  },
};

export const offerCommand: Command = {
  name: "offer",
  summary: "one offer: show it, accept it (the open fields answered) or decline it",
  usage: [
    "offer show <offerId> [--as <idNumber>]",
    "offer accept <offerId> [--answer <section.name>=<value>…] [--answers-json <json|@file>] [--as <idNumber>]",
    "offer decline <offerId> [--reason <text>] [--as <idNumber>]",
  ],
  description: [
    "`show` reads GET /v1/offers/{offerId} (the first read marks it opened): the pre-filled draft, ID numbers " +
      "masked, and the fields left open. `accept` posts the open fields' answers (read as the form declares " +
      "them) to POST /v1/offers/{offerId}/accept: the offer becomes a case (channel proactive), which the CLI " +
      "remembers so `status <caseId>` reads it as this citizen. `decline` posts POST /v1/offers/{offerId}/decline.",
  ],
  options: {
    answer: {
      type: "string",
      multiple: true,
      value: "<field>=<value>",
      description: "accept: an open field's answer",
    },
    "answers-json": {
      type: "string",
      value: "<json|@file>",
      description: "accept: the answers as a JSON object",
    },
    reason: { type: "string", value: "<text>", description: "decline: why (at most 200 characters)" },
    as: AS_CITIZEN,
  },
  positionals: { min: 2, max: 2 },
  examples: [
    "onething offer show OF-20260302-ABCDEFGHJK",
    "onething offer accept OF-20260302-ABCDEFGHJK --answer applicant.phone=13805748813",
    "onething offer decline OF-20260302-ABCDEFGHJK --reason '已在其他渠道办理'",
  ],
  async run(ctx, args) {
    const action = args.positional(0, "show, accept or decline");
    if (action !== "show" && action !== "accept" && action !== "decline")
      throw args.usage(`offer ${action}: expected show, accept or decline`);
    const offerId = args.positional(1, "the offer id");
    if (action !== "accept" && (args.has("answer") || args.has("answers-json")))
      throw args.usage("--answer and --answers-json are for offer accept");
    if (action !== "decline" && args.has("reason")) throw args.usage("--reason is for offer decline");
    const citizen = await asCitizen(ctx, addresseeFor(ctx, args.string("as"), offerId));
    const path = `/v1/offers/${encodeURIComponent(offerId)}`;
    if (action === "decline") {
      const reason = args.string("reason");
      if (reason !== undefined && reason.length > 200)
        throw args.usage("--reason must be at most 200 characters");
      const result = parseResponse(
        DeclineOfferResponseSchema,
        await citizen.api.request("POST", `${path}/decline`, {
          token: citizen.token,
          body: reason === undefined ? {} : { reason },
        }),
        "decline response",
      );
      emit(ctx, result, () => `Offer ${offerId} declined (as ${citizen.who}).`);
      return 0;
    }
    const offer = parseResponse(
      OfferViewSchema,
      await citizen.api.request("GET", path, { token: citizen.token }),
      "offer",
    );
    if (action === "show") {
      emit(ctx, offer, () =>
        [
          `Offer ${offer.offerId}: ${offer.bundleName.zh} / ${offer.bundleName.en} (${offer.bundleId} v${offer.bundleVersion}) — ${offer.state}`,
          `  to ${citizen.who}; made ${formatTime(offer.madeAt)} by ${describeMadeBy(offer)}; expires ${formatDue(offer.expiresAt)}`,
          ...(offer.caseId ? [`  case: ${offer.caseId}`] : []),
          "Pre-filled:",
          ...renderDraft(offer),
          offer.openFields.length > 0
            ? `Open (yours to give): ${offer.openFields.join(", ")}`
            : "Nothing left open: accepting is one step.",
          ...(offer.state === "open"
            ? [
                `accept: npx onething offer accept ${offer.offerId}${openHints(offer)
                  .map((h) => ` --answer '${h}'`)
                  .join("")}`,
                `decline: npx onething offer decline ${offer.offerId} --reason '…'`,
              ]
            : []),
        ].join("\n"),
      );
      return 0;
    }
    const bundle = bundleOf(offer);
    const json = args.string("answers-json");
    const answers: Record<string, unknown> = json === undefined ? {} : parseJsonObject(json, "answers-json");
    for (const text of args.list("answer")) {
      const [key, value] = parseAssignment(text, "answer", (k) => fieldKind(fieldOf(bundle, k)?.type));
      answers[key] = value;
    }
    const result = parseResponse(
      AcceptOfferResponseSchema,
      await citizen.api.request("POST", `${path}/accept`, { token: citizen.token, body: { answers } }),
      "accept response",
    );
    await recordCases(ctx, {
      [result.caseId]: {
        bundleId: offer.bundleId,
        submittedAt: ctx.now().toISOString(),
        as: citizen.identity,
      },
    });
    emit(ctx, result, () =>
      [
        `Offer ${offerId} accepted (as ${citizen.who}): case ${result.caseId}, ${result.case.status}.`,
        `next: npx onething status ${result.caseId}`,
      ].join("\n"),
    );
    return 0;
  },
};
