/**
 * The external source systems that send data events (`PersonDied`, `ChildBorn`, rosters' `Entitlement*` …), by id:
 * each gets an IAM role on AWS that may only send to the events queue. It must list exactly the ids of
 * `seeds/sources.json` other than the platform's own `platform-cases` (which emits from inside the platform and
 * needs no role); topology imports no seeds, so a test elsewhere ties the two together.
 */
export const SOURCE_SYSTEMS = [
  "health-death-registry",
  "health-birth-registry",
  "household-register",
  "civil-affairs-roster",
  "hrss-roster",
  "medical-insurance-roster",
  "housing-fund-roster",
  "veterans-roster",
] as const;

export type SourceSystemId = (typeof SOURCE_SYSTEMS)[number];
