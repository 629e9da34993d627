import { type Catalogue, LocalizedTextSchema, loadCatalogue, WorkingCalendar } from "@onething/domain";
import { z } from "zod";
import afterDeath from "../bundles/after-death.v1.json" with { type: "json" };
import elderlyCareOpening from "../bundles/elderly-care-opening.v1.json" with { type: "json" };
import marriageBirthHousehold from "../bundles/marriage-birth-household.v1.json" with { type: "json" };
import socialAssistance from "../bundles/social-assistance.v1.json" with { type: "json" };
import calendar2024 from "../calendar/2024.json" with { type: "json" };
import calendar2025 from "../calendar/2025.json" with { type: "json" };
import calendar2026 from "../calendar/2026.json" with { type: "json" };
import departments from "../departments.json" with { type: "json" };
import adCareHomeNonLocal from "../samples/after-death/care-home-non-local.json" with { type: "json" };
import adHomeDibaoDisabled from "../samples/after-death/home-dibao-disabled.json" with { type: "json" };
import adHospitalPensioner from "../samples/after-death/hospital-pensioner.json" with { type: "json" };
import adHospitalVeteran from "../samples/after-death/hospital-veteran-working-age.json" with {
  type: "json",
};
import ecoCompanyNewBuild from "../samples/elderly-care-opening/company-new-build.json" with { type: "json" };
import ecoNonprofitWithClinic from "../samples/elderly-care-opening/nonprofit-with-clinic.json" with {
  type: "json",
};
import ecoRegisteredSmallHome from "../samples/elderly-care-opening/registered-small-home.json" with {
  type: "json",
};
import mbhBornThenMarried from "../samples/marriage-birth-household/born-then-married.json" with {
  type: "json",
};
import mbhCertificateInHand from "../samples/marriage-birth-household/certificate-in-hand.json" with {
  type: "json",
};
import mbhEngagedExpecting from "../samples/marriage-birth-household/engaged-expecting.json" with {
  type: "json",
};
import mbhMarriedSecondChild from "../samples/marriage-birth-household/married-second-child.json" with {
  type: "json",
};
import saDisabledHusband from "../samples/social-assistance/disabled-husband-student-son.json" with {
  type: "json",
};
import saElderlyCouple from "../samples/social-assistance/elderly-couple-dibao.json" with { type: "json" };
import saGrandmotherOrphan from "../samples/social-assistance/grandmother-orphan.json" with { type: "json" };
import saMigrantFamily from "../samples/social-assistance/migrant-family-emergency.json" with {
  type: "json",
};

/** Raw bundle definitions (every version); parsed and cross-checked only by `loadCatalogue`. */
export const bundleData: unknown[] = [
  afterDeath,
  marriageBirthHousehold,
  socialAssistance,
  elderlyCareOpening,
];

/** Raw department registry: one entry per queue the platform dispatches to. */
export const departmentData: unknown = departments;

/** Raw State Council holiday notices, one per year (with 调休 make-up workdays). */
export const calendarData: unknown[] = [calendar2024, calendar2025, calendar2026];

/**
 * The seed catalogue, validated: throws CatalogueValidationError naming every problem.
 * @example loadSeedCatalogue().bundle("after-death").items.length
 */
export function loadSeedCatalogue(): Catalogue {
  return loadCatalogue({ bundles: bundleData, departments: departmentData });
}

/**
 * The working-day calendar for every seeded year.
 * @example loadSeedCalendar().dueAt(new Date("2025-09-30T10:00:00+08:00"), 2)
 */
export function loadSeedCalendar(): WorkingCalendar {
  return WorkingCalendar.fromData(calendarData);
}

const FormSectionValues = z.record(z.string(), z.unknown());

/** A realistic application to one bundle, with the items its form answers switch off. */
export const SampleApplicationSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/),
  bundleId: z.string().min(1),
  description: LocalizedTextSchema,
  channel: z.enum(["online", "counter"]),
  application: z.strictObject({
    applicant: FormSectionValues,
    subject: FormSectionValues.optional(),
    answers: FormSectionValues,
  }),
  /** Items whose condition reads only form fields and is false for this application. */
  expectSkippedByCondition: z.array(z.string()),
});
export type SampleApplication = z.infer<typeof SampleApplicationSchema>;

const rawSamples: unknown[] = [
  adHospitalPensioner,
  adHomeDibaoDisabled,
  adHospitalVeteran,
  adCareHomeNonLocal,
  mbhEngagedExpecting,
  mbhMarriedSecondChild,
  mbhCertificateInHand,
  mbhBornThenMarried,
  saElderlyCouple,
  saMigrantFamily,
  saDisabledHusband,
  saGrandmotherOrphan,
  ecoNonprofitWithClinic,
  ecoCompanyNewBuild,
  ecoRegisteredSmallHome,
];

/** Every sample application; a malformed sample fails at import, naming the file's position and path. */
export const samples: SampleApplication[] = rawSamples.map((raw, index) => {
  const parsed = SampleApplicationSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`sample #${index} is malformed: ${problems}`);
  }
  return parsed.data;
});

/** The sample applications to one bundle. */
export function samplesFor(bundleId: string): SampleApplication[] {
  return samples.filter((s) => s.bundleId === bundleId);
}
