/**
 * `@onething/seeds/samples`: realistic applications to the seed bundles (2–4 each), for tests, benchmarks and
 * demos. Kept out of the package's main entry point so that no Lambda bundle carries them.
 */
import { DataEventTypeSchema, LocalizedTextSchema, PlaceCodeSchema } from "@onething/domain";
import { z } from "zod";
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

const FormSectionValues = z.record(z.string(), z.unknown());

/** A realistic application to one bundle, with the items its form answers switch off. */
export const SampleApplicationSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/),
  bundleId: z.string().min(1),
  description: LocalizedTextSchema,
  channel: z.enum(["online", "counter"]),
  /** The receiving office: a counter filing's clerk's office, or the office an online applicant chose. */
  receivingPlace: PlaceCodeSchema.optional(),
  application: z.strictObject({
    applicant: FormSectionValues,
    subject: FormSectionValues.optional(),
    answers: FormSectionValues,
  }),
  /** Items whose condition reads only form fields and is false for this application. */
  expectSkippedByCondition: z.array(z.string()),
  /** The case waits for this data event (an expecting couple's, for the birth): no department alone finishes it. */
  waitsFor: DataEventTypeSchema.optional(),
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
