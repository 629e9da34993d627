/**
 * The catalogue (bundles, departments, benefits, sources, rules, places: tree, profiles, delegations) and the working-day calendars: what every Lambda loads. The sample
 * applications are a separate entry point (`@onething/seeds/samples`) so that no bundle carries them.
 */
import { type Catalogue, loadCatalogue, WorkingCalendar } from "@onething/domain";
import benefits from "../benefits.json" with { type: "json" };
import afterDeath from "../bundles/after-death.v1.json" with { type: "json" };
import benefitStop from "../bundles/benefit-stop.v1.json" with { type: "json" };
import elderlyCareOpening from "../bundles/elderly-care-opening.v1.json" with { type: "json" };
import elderlyCareOpening2 from "../bundles/elderly-care-opening.v2.json" with { type: "json" };
import marriageBirthHousehold from "../bundles/marriage-birth-household.v1.json" with { type: "json" };
import marriageBirthHousehold2 from "../bundles/marriage-birth-household.v2.json" with { type: "json" };
import outreachVisit from "../bundles/outreach-visit.v1.json" with { type: "json" };
import socialAssistance from "../bundles/social-assistance.v1.json" with { type: "json" };
import calendar2024 from "../calendar/2024.json" with { type: "json" };
import calendar2025 from "../calendar/2025.json" with { type: "json" };
import calendar2026 from "../calendar/2026.json" with { type: "json" };
import departments from "../departments.json" with { type: "json" };
import delegations from "../jurisdictions/delegations.v1.json" with { type: "json" };
import tree from "../jurisdictions/tree.v1.json" with { type: "json" };
import noticeTemplates from "../notices/templates.v1.json" with { type: "json" };
import profileNingbo from "../profiles/330200.v1.json" with { type: "json" };
import profileYinzhou from "../profiles/330212.v1.json" with { type: "json" };
import childBornNote from "../rules/child-born-note.v1.json" with { type: "json" };
import childBornOffer from "../rules/child-born-offer.v1.json" with { type: "json" };
import householdCancelledNote from "../rules/household-cancelled-note.v1.json" with { type: "json" };
import largeMedicalExpenseOutreach from "../rules/large-medical-expense-outreach.v1.json" with {
  type: "json",
};
import personDiedStopBenefits from "../rules/person-died-stop-benefits.v1.json" with { type: "json" };
import personDiedWithdrawApplications from "../rules/person-died-withdraw-applications.v1.json" with {
  type: "json",
};
import sources from "../sources.json" with { type: "json" };

/** Raw bundle definitions (every version); parsed and cross-checked only by `loadCatalogue`. */
export const bundleData: unknown[] = [
  afterDeath,
  marriageBirthHousehold,
  marriageBirthHousehold2,
  socialAssistance,
  elderlyCareOpening,
  elderlyCareOpening2,
  benefitStop,
  outreachVisit,
];

/** Raw department registry: one entry per queue the platform dispatches to. */
export const departmentData: unknown = departments;

/** Raw benefit registry: every benefit, enrolment or account a person can hold, at its department. */
export const benefitData: unknown = benefits;

/** Raw source registry: the systems trusted to send data events, and which types (and benefits) each may send. */
export const sourceData: unknown = sources;

/** Raw rules (every version): what a data event starts, withdraws or notes. */
export const ruleData: unknown[] = [
  personDiedStopBenefits,
  personDiedWithdrawApplications,
  householdCancelledNote,
  childBornNote,
  childBornOffer,
  largeMedicalExpenseOutreach,
];

/** Raw jurisdiction tree: province → city → district/county/zone → town/street → community. */
export const jurisdictionData: unknown = tree;

/** Raw place profiles (every version): per place, items switched on or off and parameters, inherited down the tree. */
export const profileData: unknown[] = [profileNingbo, profileYinzhou];

/** Raw delegations: towns holding delegated approval, effective-dated. */
export const delegationData: unknown = delegations;

/** Raw notice templates (issue 16): per notification kind, zh and en, with bundle overrides; parsed by `@onething/notices`. */
export const noticeTemplateData: unknown = noticeTemplates;

/** Raw State Council holiday notices, one per year (with 调休 make-up workdays). */
export const calendarData: unknown[] = [calendar2024, calendar2025, calendar2026];

/**
 * The seed catalogue, validated: throws CatalogueValidationError naming every problem.
 * @example loadSeedCatalogue().bundle("after-death").items.length
 */
export function loadSeedCatalogue(): Catalogue {
  return loadCatalogue({
    bundles: bundleData,
    departments: departmentData,
    benefits: benefitData,
    sources: sourceData,
    rules: ruleData,
    jurisdictions: jurisdictionData,
    profiles: profileData,
    delegations: delegationData,
  });
}

/**
 * The working-day calendar for every seeded year.
 * @example loadSeedCalendar().dueAt(new Date("2025-09-30T10:00:00+08:00"), 2)
 */
export function loadSeedCalendar(): WorkingCalendar {
  return WorkingCalendar.fromData(calendarData);
}
