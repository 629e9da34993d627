import { CalendarYearSchema } from "@onething/domain";
import { z } from "zod";

/**
 * PUT /v1/ops/calendar/{year}: a State Council holiday notice, in the schema of `seeds/calendar/<year>.json` —
 * `year`, `source` (the notice's title and date), and `holidays` with their `from`–`to` days off and the weekend
 * days worked instead (`makeUpWorkdays`, 调休).
 */
export const CalendarNoticeSchema = CalendarYearSchema;

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** One year as the platform counts working days in it. */
export const CalendarYearListingSchema = z.strictObject({
  year: z.number().int(),
  /** `official`: a published notice (from the seeds or loaded at run time); `provisional`: the statutory rule. */
  status: z.enum(["official", "provisional"]),
  origin: z.enum(["seed", "loaded", "statutory_rule"]),
  source: z.string(),
  holidays: z.array(
    z.strictObject({
      name: z.strictObject({ zh: z.string(), en: z.string() }),
      from: Day,
      to: Day,
      makeUpWorkdays: z.array(Day),
    }),
  ),
  daysOff: z.array(Day),
  makeUpWorkdays: z.array(Day),
  /** For a notice loaded at run time: its version (1, 2, … per year), who loaded it and when. */
  version: z.number().int().positive().optional(),
  loadedBy: z.string().optional(),
  loadedAt: z.string().optional(),
});

/** GET /v1/ops/calendar */
export const CalendarListSchema = z.strictObject({ years: z.array(CalendarYearListingSchema) });
export type CalendarList = z.infer<typeof CalendarListSchema>;

/** PUT /v1/ops/calendar/{year} → 200 */
export const CalendarImportResponseSchema = z.strictObject({
  year: z.number().int(),
  version: z.number().int().positive(),
  status: z.literal("official"),
  source: z.string(),
  loadedBy: z.string(),
  loadedAt: z.string(),
  /** Statutory days the notice does not give off (most likely a typo): stored all the same, and worth a look. */
  warnings: z.array(z.string()),
  /** Open deadlines the notice may move are revised by the sweeper from this time on. */
  revisionFrom: z.string(),
});
export type CalendarImportResponse = z.infer<typeof CalendarImportResponseSchema>;
