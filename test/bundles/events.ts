import { type CaseEvent, type DataEvent, DataEventSchema } from "@onething/domain";

/** The applicant (citizen `by`) withdrawing the case, giving `reason`. */
export const withdrawal = (caseId: string, reason: string, by: string): CaseEvent => ({
  type: "CaseWithdrawn",
  eventId: "w",
  caseId,
  reason,
  by: { role: "citizen", id: by },
});

/** The birth certificate system's record of a birth (the father only when given). */
export const childBorn = (
  mother: { idNumber: string; name: string },
  overrides: Partial<Record<"father" | "householdPlace" | "sourceEventId" | "occurredAt", unknown>> & {
    child?: Record<string, unknown>;
  } = {},
): DataEvent =>
  DataEventSchema.parse({
    type: "ChildBorn",
    schemaVersion: 1,
    sourceEventId: "birth-2026-000417",
    occurredAt: "2026-06-28T10:00:00+08:00",
    mother,
    ...overrides,
    child: {
      name: "徐小满",
      birthDate: "2026-06-27",
      birthCertificateNumber: "Q330212260627",
      ...overrides.child,
    },
  });
