import { CASE_STATUS_VALUES } from "@onething/domain";
import { createApiClient, listOpsCases } from "../../api.ts";
import { bundleOrThrow, catalogue } from "../../catalogue.ts";
import type { Command } from "../../command.ts";
import { emit } from "../../context.ts";
import { formatTime, renderTable } from "../../format.ts";
import { mintToken, parseOffice } from "../../identity.ts";

export const casesCommand: Command = {
  name: "cases",
  summary: "list cases by status, bundle, department, date or overdue (as an operator)",
  usage: [
    "cases [--case <caseId>] [--status <status>] [--bundle <bundleId>] [--department <departmentId>]",
    "      [--from <yyyy-mm-dd>] [--to <yyyy-mm-dd>] [--overdue] [--place <code>] [--office <code>]",
    "      [--limit <n>] [--cursor <c>]",
  ],
  description: [
    "Reads GET /v1/ops/cases with an operator token. Filters combine; the platform reads the most selective " +
      "index and checks the rest, so a page may be short while there is more. Without a filter, the open cases. " +
      `Dates are Beijing days of the submission, inclusive. Statuses: ${CASE_STATUS_VALUES.join(", ")}. ` +
      "--office acts as an operator of that office (its cases only; default the whole platform); --place narrows " +
      "the list to a place within it.",
  ],
  options: {
    case: {
      type: "string",
      value: "<caseId>",
      description: "this case only (the other filters must match too)",
    },
    status: { type: "string", value: "<status>", description: "cases in this status" },
    bundle: { type: "string", value: "<bundleId>", description: "cases of this bundle" },
    department: { type: "string", value: "<id>", description: "cases with an item open at this department" },
    from: { type: "string", value: "<yyyy-mm-dd>", description: "submitted on or after this day" },
    to: { type: "string", value: "<yyyy-mm-dd>", description: "submitted on or before this day" },
    overdue: { type: "boolean", description: "only cases with an overdue item" },
    place: {
      type: "string",
      value: "<code>",
      description: "cases placed or received at or below this place",
    },
    office: {
      type: "string",
      value: "<code>",
      description: "the operator's office (jurisdiction code); default the whole platform",
    },
    limit: { type: "string", value: "<n>", description: "page size, 1–100 (default 25)" },
    cursor: {
      type: "string",
      value: "<cursor>",
      description: "the next page, as printed by the previous one",
    },
  },
  positionals: { min: 0, max: 0 },
  examples: [
    "onething cases",
    "onething cases --status completed --limit 100",
    "onething cases --department health --overdue --json",
    "onething cases --bundle after-death --from 2026-03-01 --to 2026-03-07",
    "onething cases --office 330212 --place 330212109",
  ],
  async run(ctx, args) {
    const caseId = args.string("case");
    const status = args.string("status");
    const bundle = args.string("bundle");
    const department = args.string("department");
    const from = args.string("from");
    const to = args.string("to");
    const overdue = args.flag("overdue");
    const placeText = args.string("place");
    const officeText = args.string("office");
    if (status !== undefined && !(CASE_STATUS_VALUES as readonly string[]).includes(status)) {
      throw args.usage(`--status must be one of ${CASE_STATUS_VALUES.join(", ")}`);
    }
    if (bundle !== undefined) bundleOrThrow(bundle);
    if (department !== undefined && !catalogue().departments.has(department)) {
      throw args.usage(
        `unknown department '${department}' (one of: ${[...catalogue().departments.keys()].join(", ")})`,
      );
    }
    for (const [name, day] of [
      ["from", from],
      ["to", to],
    ] as const) {
      if (day !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(day))
        throw args.usage(`--${name} must be yyyy-mm-dd`);
    }
    const limit = args.number("limit", { min: 1, max: 100, integer: true });
    const filters: Record<string, string | undefined> = {
      caseId,
      status,
      bundle,
      department,
      from,
      to,
      overdue: overdue ? "true" : undefined,
      place: placeText === undefined ? undefined : parseOffice(placeText, "--place"),
    };
    const office = officeText === undefined ? undefined : parseOffice(officeText, "--office");
    const token = await mintToken(ctx, { role: "operator", ...(office ? { office } : {}) });
    const api = await createApiClient(ctx);
    const page = await listOpsCases(api, token, { ...filters, limit, cursor: args.string("cursor") });
    emit(ctx, page, () => {
      const named = Object.entries(filters)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => `${k} ${v}`);
      const filter = named.length === 0 ? "open" : named.join(", ");
      if (page.cases.length === 0 && !page.cursor) return `No cases (${filter}).`;
      return [
        `${page.cases.length} case${page.cases.length === 1 ? "" : "s"} (${filter}):`,
        renderTable(
          [
            { header: "case" },
            { header: "bundle" },
            { header: "status" },
            { header: "overdue" },
            { header: "submitted (Beijing)" },
            { header: "updated (Beijing)" },
          ],
          page.cases.map((c) => [
            c.caseId,
            c.bundleId,
            c.status,
            c.overdue ? "yes" : "",
            formatTime(c.submittedAt),
            formatTime(c.updatedAt),
          ]),
        ),
        ...(page.cursor
          ? ["", `more: npx onething cases${argsText(filters, limit)} --cursor ${page.cursor}`]
          : []),
      ].join("\n");
    });
    return 0;
  },
};

function argsText(filters: Record<string, string | undefined>, limit?: number): string {
  const flag: Record<string, string> = { caseId: "case" };
  return [
    ...Object.entries(filters).map(([k, v]) => {
      if (v === undefined) return "";
      if (k === "overdue") return " --overdue";
      return ` --${flag[k] ?? k} ${v}`;
    }),
    limit ? ` --limit ${limit}` : "",
  ].join("");
}
