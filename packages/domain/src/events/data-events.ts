import { z } from "zod";
import { checkedString } from "../bundle/application.ts";
import { BenefitIdSchema } from "../bundle/schema.ts";
import { chinaDate } from "../calendar/dates.ts";
import { isoDateIssue, residentIdIssue } from "../identifiers.ts";
import { PlaceCodeSchema } from "../places/schema.ts";
import { type DataEventType, DataEventTypeSchema } from "./types.ts";

export { DATA_EVENT_TYPES, type DataEventType, DataEventTypeSchema, EMITTABLE_EVENT_TYPES } from "./types.ts";

/** A source's own id of one event: the key that makes every event idempotent per source. */
export const SourceEventIdSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9:._-]{0,127}$/,
    "must be 1–128 of A-Z a-z 0-9 : . _ - (not starting with a symbol)",
  );

const DateSchema = checkedString(isoDateIssue);
const ResidentIdSchema = checkedString(residentIdIssue);

/** A person an event is about: a valid resident ID number and the name the source holds. */
export const PersonRefSchema = z.strictObject({
  idNumber: ResidentIdSchema,
  name: z.string().trim().min(1).max(50),
});
export type PersonRef = z.infer<typeof PersonRefSchema>;

const envelope = <T extends DataEventType>(type: T) => ({
  type: z.literal(type),
  schemaVersion: z.literal(1),
  sourceEventId: SourceEventIdSchema,
  occurredAt: z.iso.datetime({ offset: true }),
});

/**
 * The event happened on or before the day it was recorded: `occurredAt`'s day in Beijing, as every date of the
 * platform is, whatever offset the source writes (in UTC, the platform's own, it is the day before until 08:00).
 */
const notAfterOccurred =
  <E extends { occurredAt: string }>(path: string[], read: (event: E) => string) =>
  (event: E, ctx: z.RefinementCtx): void => {
    const occurredAt = new Date(event.occurredAt);
    if (Number.isNaN(occurredAt.getTime())) return;
    const day = read(event);
    const occurredOn = chinaDate(occurredAt);
    if (day > occurredOn) {
      ctx.addIssue({
        code: "custom",
        path,
        message: `must not be after the day the event occurred (${occurredOn})`,
        params: { code: "date_after_occurred" },
      });
    }
  };

export const PersonDiedSchema = z
  .strictObject({
    ...envelope("PersonDied"),
    person: PersonRefSchema,
    diedOn: DateSchema,
    deathCertificateNumber: z.string().trim().min(1).max(40).optional(),
  })
  .superRefine(notAfterOccurred(["diedOn"], (e) => e.diedOn));

export const ChildBornSchema = z
  .strictObject({
    ...envelope("ChildBorn"),
    child: z.strictObject({
      name: z.string().trim().min(1).max(50).optional(),
      birthDate: DateSchema,
      birthCertificateNumber: z.string().trim().min(1).max(40),
      idNumber: ResidentIdSchema.optional(),
    }),
    mother: PersonRefSchema,
    father: PersonRefSchema.optional(),
    /** The mother's registered household (户籍地) as the birth certificate system records it. */
    householdPlace: PlaceCodeSchema.optional(),
  })
  .superRefine(notAfterOccurred(["child", "birthDate"], (e) => e.child.birthDate));

export const HouseholdRegistrationCancelledSchema = z.strictObject({
  ...envelope("HouseholdRegistrationCancelled"),
  person: PersonRefSchema,
  cancelledOn: DateSchema,
  reason: z.enum(["death", "emigration", "other"]),
});

export const EntitlementGrantedSchema = z.strictObject({
  ...envelope("EntitlementGranted"),
  person: PersonRefSchema,
  benefit: BenefitIdSchema,
  since: DateSchema,
});

export const EntitlementEndedSchema = z.strictObject({
  ...envelope("EntitlementEnded"),
  person: PersonRefSchema,
  benefit: BenefitIdSchema,
  endedOn: DateSchema,
  reason: z.string().trim().min(1).max(200),
});

/** The medical insurer's alert: a person's out-of-pocket expense over a period (大额医疗费用支出预警). */
export const LargeMedicalExpenseSchema = z
  .strictObject({
    ...envelope("LargeMedicalExpense"),
    person: PersonRefSchema,
    /** The person's registered household, town level expected: where an outreach visit goes. */
    householdPlace: PlaceCodeSchema,
    /** Yuan, out of pocket. */
    amount: z.number().positive().max(1e9),
    periodEnd: DateSchema,
    basis: z.string().trim().min(1).max(200).optional(),
  })
  .superRefine(notAfterOccurred(["periodEnd"], (e) => e.periodEnd));

/**
 * One trusted data event, versioned (`schemaVersion`), idempotent by the source's `sourceEventId`.
 * @example DataEventSchema.parse({ type: "PersonDied", schemaVersion: 1, sourceEventId: "dmc-2026-000123",
 *   occurredAt: "2026-03-02T09:15:00+08:00", person: { idNumber: "…", name: "王建国" }, diedOn: "2026-03-01" })
 */
export const DataEventSchema = z.discriminatedUnion("type", [
  PersonDiedSchema,
  ChildBornSchema,
  HouseholdRegistrationCancelledSchema,
  EntitlementGrantedSchema,
  EntitlementEndedSchema,
  LargeMedicalExpenseSchema,
]);
export type DataEvent = z.infer<typeof DataEventSchema>;
export type DataEventOf<T extends DataEventType> = Extract<DataEvent, { type: T }>;

export type DataEventPathType = "idNumber" | "text" | "date" | "enum" | "number" | "place";
export interface DataEventPath {
  path: string;
  type: DataEventPathType;
  required: boolean;
  /** An enum path's values. */
  options?: readonly string[];
}

const person = (role: string, required = true): DataEventPath[] => [
  { path: `${role}.idNumber`, type: "idNumber", required },
  { path: `${role}.name`, type: "text", required },
];

/** Known payload paths of each type (the envelope is the platform's): what rules read and `emits` fill. */
export const DATA_EVENT_PATHS: Record<DataEventType, DataEventPath[]> = {
  PersonDied: [
    ...person("person"),
    { path: "diedOn", type: "date", required: true },
    { path: "deathCertificateNumber", type: "text", required: false },
  ],
  ChildBorn: [
    { path: "child.name", type: "text", required: false },
    { path: "child.birthDate", type: "date", required: true },
    { path: "child.birthCertificateNumber", type: "text", required: true },
    { path: "child.idNumber", type: "idNumber", required: false },
    ...person("mother"),
    ...person("father", false),
    { path: "householdPlace", type: "place", required: false },
  ],
  HouseholdRegistrationCancelled: [
    ...person("person"),
    { path: "cancelledOn", type: "date", required: true },
    { path: "reason", type: "enum", required: true, options: ["death", "emigration", "other"] },
  ],
  EntitlementGranted: [
    ...person("person"),
    { path: "benefit", type: "text", required: true },
    { path: "since", type: "date", required: true },
  ],
  EntitlementEnded: [
    ...person("person"),
    { path: "benefit", type: "text", required: true },
    { path: "endedOn", type: "date", required: true },
    { path: "reason", type: "text", required: true },
  ],
  LargeMedicalExpense: [
    ...person("person"),
    { path: "householdPlace", type: "place", required: true },
    { path: "amount", type: "number", required: true },
    { path: "periodEnd", type: "date", required: true },
    { path: "basis", type: "text", required: false },
  ],
};

/** The known path of an event type, or undefined. */
export const dataEventPath = (type: DataEventType, path: string): DataEventPath | undefined =>
  DATA_EVENT_PATHS[type].find((p) => p.path === path);

/** The value at a dotted path of an event (`person.idNumber`), or undefined. */
export function readEventPath(event: DataEvent, path: string): unknown {
  let value: unknown = event;
  for (const part of path.split(".")) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** The persons an event is about, by role: the person, or a birth's mother, father and (once numbered) child. */
export function eventPersons(event: DataEvent): { role: string; idNumber: string; name?: string }[] {
  switch (event.type) {
    case "PersonDied":
    case "HouseholdRegistrationCancelled":
    case "EntitlementGranted":
    case "EntitlementEnded":
    case "LargeMedicalExpense":
      return [{ role: "person", ...event.person }];
    case "ChildBorn": {
      const persons: { role: string; idNumber: string; name?: string }[] = [
        { role: "mother", ...event.mother },
      ];
      if (event.father) persons.push({ role: "father", ...event.father });
      if (event.child.idNumber) {
        persons.push({
          role: "child",
          idNumber: event.child.idNumber,
          ...(event.child.name ? { name: event.child.name } : {}),
        });
      }
      return persons;
    }
    default: {
      const never: never = event;
      throw new Error(`unhandled event ${(never as DataEvent).type}`);
    }
  }
}

/** Whether a string names a data event type. */
export const isDataEventType = (value: string): value is DataEventType =>
  DataEventTypeSchema.safeParse(value).success;
