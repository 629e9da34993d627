import { CASE_STATUS_VALUES } from "@onething/domain";
import { createApiClient, listOpsCases } from "../api.ts";
import { bundleOrThrow, catalogue } from "../catalogue.ts";
import type { Command } from "../command.ts";
import { emit } from "../context.ts";
import { formatTime, renderTable } from "../format.ts";
import { mintToken } from "../identity.ts";

export const casesCommand: Command = {
  name: "cases",
  summary: "list cases by status, bundle or department (as an operator)",
  usage: [
    "cases [--status <status> | --bundle <bundleId> | --department <departmentId>] [--limit <n>] [--cursor <c>]",
  ],
  description: [
    "Reads GET /v1/ops/cases with an operator token: the platform's indexes, newest first, one filter at a " +
      `time. Without a filter, the cases in progress. Statuses: ${CASE_STATUS_VALUES.join(", ")}.`,
  ],
  options: {
    status: { type: "string", value: "<status>", description: "cases in this status" },
    bundle: { type: "string", value: "<bundleId>", description: "cases of this bundle" },
    department: { type: "string", value: "<id>", description: "cases with an item at this department" },
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
    "onething cases --department health --json",
  ],
  async run(ctx, args) {
    const status = args.string("status");
    const bundle = args.string("bundle");
    const department = args.string("department");
    if ([status, bundle, department].filter((v) => v !== undefined).length > 1) {
      throw args.usage("filter by one of --status, --bundle or --department");
    }
    if (status !== undefined && !(CASE_STATUS_VALUES as readonly string[]).includes(status)) {
      throw args.usage(`--status must be one of ${CASE_STATUS_VALUES.join(", ")}`);
    }
    if (bundle !== undefined) bundleOrThrow(bundle);
    if (department !== undefined && !catalogue().departments.has(department)) {
      throw args.usage(
        `unknown department '${department}' (one of: ${[...catalogue().departments.keys()].join(", ")})`,
      );
    }
    const limit = args.number("limit", { min: 1, max: 100, integer: true });
    const token = await mintToken(ctx, { role: "operator" });
    const api = await createApiClient(ctx);
    const page = await listOpsCases(api, token, {
      status,
      bundle,
      department,
      limit,
      cursor: args.string("cursor"),
    });
    emit(ctx, page, () => {
      const filter = status
        ? `status ${status}`
        : bundle
          ? `bundle ${bundle}`
          : department
            ? `department ${department}`
            : "in progress";
      if (page.cases.length === 0) return `No cases (${filter}).`;
      return [
        `${page.cases.length} case${page.cases.length === 1 ? "" : "s"} (${filter}):`,
        renderTable(
          [{ header: "case" }, { header: "bundle" }, { header: "status" }, { header: "updated (Beijing)" }],
          page.cases.map((c) => [c.caseId, c.bundleId, c.status, formatTime(c.updatedAt)]),
        ),
        ...(page.cursor
          ? [
              "",
              `more: npx onething cases${argsText(status, bundle, department, limit)} --cursor ${page.cursor}`,
            ]
          : []),
      ].join("\n");
    });
    return 0;
  },
};

function argsText(status?: string, bundle?: string, department?: string, limit?: number): string {
  return [
    status ? ` --status ${status}` : "",
    bundle ? ` --bundle ${bundle}` : "",
    department ? ` --department ${department}` : "",
    limit ? ` --limit ${limit}` : "",
  ].join("");
}
