import { type Bundle, chinaDate, type FormField } from "@onething/domain";
import type { SampleApplication } from "@onething/seeds/samples";
import type { ApplicationBody } from "../commands/citizen/submit.ts";
import { applicantIdentity, type Identity } from "../identity.ts";
import { type Rng, residentIdLike, usccLike } from "../ids.ts";

/**
 * Counter terminals across Yinzhou's towns and sub-districts (codes of `seeds/jurisdictions/tree.v1.json`);
 * counter samples are filed at one of them, so the load spreads over the towns' offices.
 */
export const COUNTER_OFFICES = [
  "330212001",
  "330212002",
  "330212003",
  "330212004",
  "330212005",
  "330212006",
  "330212007",
  "330212008",
];

export interface GeneratedApplication {
  readonly bundleId: string;
  readonly sampleId: string;
  readonly body: ApplicationBody;
  /** The applicant (who the case belongs to). */
  readonly applicant: Identity & { role: "citizen" };
  /** Who files it: the applicant online, or a counter clerk for the samples told at the counter. */
  readonly filer: Identity;
}

type Sections = Record<string, Record<string, unknown> | undefined>;

/**
 * A sample with new identities: every ID-number and credit-code field gets a fresh valid value (same region,
 * sex and roughly the same age for people; same authority and region for organisations), unique across the
 * run through `used`. Everything else stays as the sample tells it.
 */
export function varySample(
  bundle: Bundle,
  sample: SampleApplication,
  rng: Rng,
  used: Set<string>,
  index: number,
): GeneratedApplication {
  const application = structuredClone(sample.application);
  const sections = application as Sections;
  for (const field of bundle.form.fields) {
    const section = sections[field.section];
    const value = section?.[field.name];
    if (!section || typeof value !== "string") continue;
    if (field.type === "idNumber") section[field.name] = residentIdLike(value, rng, used);
    else if (field.type === "uscc") section[field.name] = usccLike(value, rng, used);
  }
  const body: ApplicationBody = { bundleId: bundle.id, ...application };
  const applicant = applicantIdentity(bundle, body);
  const office = COUNTER_OFFICES[index % COUNTER_OFFICES.length] as string;
  const filer: Identity =
    sample.channel === "counter"
      ? { role: "clerk", name: `load-counter-${(index % 4) + 1}`, office }
      : applicant;
  return { bundleId: bundle.id, sampleId: sample.id, body, applicant, filer };
}

/** The Beijing day, as a date field of the platform reads it. */
const today = (now: Date) => chinaDate(now);

function placeholderFor(field: FormField, now: Date): unknown {
  switch (field.type) {
    case "boolean":
      return true;
    case "integer":
    case "number":
      return field.min ?? 1;
    case "date":
      return today(now);
    case "enum":
      return field.options?.[0]?.value;
    case "phone":
      return "13805740000";
    default:
      return "补正材料已提交";
  }
}

/**
 * What an applicant answers to a supplement request: the value already in the application for a form field
 * (valid by construction), a placeholder of the field's type when the application left it empty, and a
 * document reference for anything else the department asks for.
 */
export function supplementAnswers(
  bundle: Bundle,
  body: ApplicationBody,
  requested: readonly { field: string }[],
  now: Date,
): Record<string, string | number | boolean | null> {
  const answers: Record<string, string | number | boolean | null> = {};
  const sections = body as unknown as Sections;
  for (const { field } of requested) {
    const form = bundle.form.fields.find((f) => `${f.section}.${f.name}` === field);
    if (!form) {
      answers[field] = `补正-${field}.pdf`;
      continue;
    }
    const existing = sections[form.section]?.[form.name];
    const value =
      existing === undefined || existing === null || existing === "" ? placeholderFor(form, now) : existing;
    answers[field] =
      typeof value === "string" || typeof value === "number" || typeof value === "boolean"
        ? value
        : String(value);
  }
  return answers;
}
