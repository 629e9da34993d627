import { z } from "zod";

/** The levels of the jurisdiction tree a department may have offices at. */
export const OFFICE_LEVELS = ["country", "province", "city", "district", "town"] as const;
export const OfficeLevelSchema = z.enum(OFFICE_LEVELS);
export type OfficeLevel = z.infer<typeof OfficeLevelSchema>;

/**
 * A department's escalation of its overdue items (docs/task-status.md): `supervisor` is the department told where it
 * has no office above the one holding the item (a department id of the registry); `secondAfterWorkingDays` how long
 * a still-overdue item waits for its second escalation, further up (default 2).
 */
export const DepartmentEscalationSchema = z.strictObject({
  supervisor: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,62}$/, "must be a lower-case slug (a-z, 0-9, -)")
    .optional(),
  secondAfterWorkingDays: z.number().int().min(1).max(60).optional(),
});
export type DepartmentEscalation = z.infer<typeof DepartmentEscalationSchema>;
