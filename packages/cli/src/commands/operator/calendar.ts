import { CalendarImportResponseSchema, CalendarListSchema } from "@onething/contracts";
import { createApiClient, parseResponse } from "../../api.ts";
import type { Command } from "../../command.ts";
import { emit } from "../../context.ts";
import { CliError } from "../../errors.ts";
import { renderTable } from "../../format.ts";
import { mintToken } from "../../identity.ts";
import { readJsonArgument } from "../../values.ts";

async function readNotice(file: string): Promise<{ year: number; body: unknown }> {
  const body = await readJsonArgument(file);
  const year = (body as { year?: unknown } | null)?.year;
  if (typeof year !== "number" || !Number.isInteger(year))
    throw new CliError(`${file} names no year (a notice is { "year": 2027, "source": …, "holidays": […] })`);
  return { year, body };
}

export const calendarCommand: Command = {
  name: "calendar",
  summary: "the working-day calendar: official and provisional years; load a holiday notice",
  usage: ["calendar show", "calendar import <file>"],
  description: [
    "`show` lists every official year and the coming ones (GET /v1/ops/calendar): where each comes from (the " +
      "seeds, a notice loaded at run time, or the statutory rule for a year whose notice is not out yet) and its " +
      "days off. `import` loads a year's State Council holiday notice (PUT /v1/ops/calendar/{year}) as an operator " +
      "with the `calendar` permission: the file has the schema of seeds/calendar/<year>.json. It replaces any " +
      "notice loaded for that year before, every function counts with it within a minute, and the sweeper then " +
      "revises the open deadlines it moves (each case's timeline shows the old and new due time).",
  ],
  options: {},
  positionals: { min: 1, max: 2 },
  examples: ["onething calendar show", "onething calendar import 2027.json"],
  async run(ctx, args) {
    const action = args.positional(0, "show or import");
    if (action !== "show" && action !== "import")
      throw args.usage(`calendar ${action}: expected show or import`);
    const api = await createApiClient(ctx);
    if (action === "show") {
      if (args.positionals.length > 1) throw args.usage("calendar show takes no argument");
      const token = await mintToken(ctx, { role: "operator" });
      const list = parseResponse(
        CalendarListSchema,
        await api.request("GET", "/v1/ops/calendar", { token }),
        "calendar",
      );
      emit(ctx, list, () =>
        renderTable(
          [
            { header: "year" },
            { header: "status" },
            { header: "from" },
            { header: "days off" },
            { header: "worked" },
          ],
          list.years.map((y) => [
            String(y.year),
            y.status === "provisional" ? "provisional (暂定)" : "official",
            y.origin === "loaded" ? `loaded v${y.version} by ${y.loadedBy}` : y.origin.replace("_", " "),
            String(y.daysOff.length),
            y.makeUpWorkdays.join(", ") || "—",
          ]),
        ),
      );
      return 0;
    }
    const file = args.positional(1, "the notice's JSON file");
    const { year, body } = await readNotice(file);
    const token = await mintToken(ctx, { role: "operator", calendar: true });
    const result = parseResponse(
      CalendarImportResponseSchema,
      await api.request("PUT", `/v1/ops/calendar/${year}`, { token, body }),
      "import result",
    );
    emit(ctx, result, () =>
      [
        `Loaded ${result.year} (version ${result.version}): ${result.source}`,
        ...result.warnings.map((w) => `  warning: ${w}`),
        `Open deadlines it moves are revised from ${result.revisionFrom} on (each case's timeline records it).`,
      ].join("\n"),
    );
    return 0;
  },
};
