import type { Application, Bundle, CaseState } from "@onething/domain";
import type { CaseSubjects, SubjectLink } from "./ports.ts";

/** The ID number or USCC an application holds at `applicant.<f>` / `subject.<f>`, if any. */
export const identityIn = (application: Application, ref: string): string | undefined => {
  const [section, name] = ref.split(".") as ["applicant" | "subject", string];
  const value = application[section]?.[name];
  return typeof value === "string" && value !== "" ? value : undefined;
};
const identityAt = (state: CaseState, ref: string) => identityIn(state.application, ref);

/**
 * Whom a case is about, as the subject registry records it: the applicant (person by ID number, organisation by
 * USCC) and the bundle's `caseSubject` when it is in the subject section (the deceased); `exclusive` when the
 * bundle allows one open case per subject. Pure: the store keys each identity by its keyed hash.
 * @example caseSubjectsOf(afterDeath, state) // { links: [applicant, subject], exclusive: "<deceased's ID number>" }
 */
export function caseSubjectsOf(bundle: Bundle, state: CaseState): CaseSubjects {
  const links: SubjectLink[] = [];
  const applicantRef = bundle.applicantKind === "person" ? "applicant.idNumber" : "applicant.uscc";
  const applicant = identityAt(state, applicantRef);
  if (applicant) links.push({ identity: applicant, kind: bundle.applicantKind, role: "applicant" });
  const declared = bundle.caseSubject;
  const subject = declared ? identityAt(state, declared.field) : undefined;
  if (declared && subject && declared.field.startsWith("subject.")) {
    const kind = bundle.form.fields.some((f) => `subject.${f.name}` === declared.field && f.type === "uscc")
      ? "organisation"
      : "person";
    links.push({ identity: subject, kind, role: "subject" });
  }
  return { links, ...(declared?.oneOpenCase && subject ? { exclusive: subject } : {}) };
}
