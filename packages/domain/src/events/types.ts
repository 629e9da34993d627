import { z } from "zod";

/** Every kind of event a trusted source system may send (and the platform itself emits, for `PersonDied`). */
export const DATA_EVENT_TYPES = [
  "PersonDied",
  "ChildBorn",
  "HouseholdRegistrationCancelled",
  "EntitlementGranted",
  "EntitlementEnded",
  /** A person's out-of-pocket medical expense above the insurer's alert line (大额医疗费用支出预警). */
  "LargeMedicalExpense",
] as const;
export const DataEventTypeSchema = z.enum(DATA_EVENT_TYPES);
export type DataEventType = z.infer<typeof DataEventTypeSchema>;

/** The event types an item may emit when it completes (v1: the death record of an after-death case). */
export const EMITTABLE_EVENT_TYPES: readonly DataEventType[] = ["PersonDied"];
