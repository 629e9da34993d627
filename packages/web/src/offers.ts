/**
 * Offers (免申即享) in words, pure: the pre-filled facts of a draft by the bundle's field labels with ID numbers
 * masked, the open fields' form, why the platform made the offer, which offers are still open.
 */
import { type FormValues, fieldKey, fromApplication, isRequired, typed } from "./form/values.ts";
import type { FormField, OfferFunnel, OfferState, OfferSummary } from "./types.ts";

/** An offer's pre-filled application: only the fields the platform already knew. */
export interface Draft {
  applicant: Record<string, unknown>;
  subject?: Record<string, unknown>;
  answers: Record<string, unknown>;
}

/** A resident ID number (GB 11643) inside free text: 17 digits and a digit or X. */
const ID_NUMBER_IN_TEXT = /\b\d{17}[\dXx]\b/g;

/**
 * An ID number as a screen shows it in an offer: every character starred but the last four.
 * @example maskIdNumber("330212198503150021") // "**************0021"
 */
export function maskIdNumber(value: string): string {
  const s = value.trim();
  if (s.length <= 4) return "*".repeat(s.length);
  return `${"*".repeat(s.length - 4)}${s.slice(-4)}`;
}

/** Every ID number inside a text (a list of household members, one a line) masked the same way. */
export function maskIdNumbersIn(text: string): string {
  return text.replace(ID_NUMBER_IN_TEXT, (id) => maskIdNumber(id));
}

/** One pre-filled fact: the field it fills and its raw value (formatted by the page, masked if an ID number). */
export interface Fact {
  key: string;
  field: FormField;
  value: unknown;
}

/** The draft's values in the order of the bundle's form; fields the form does not declare are left out. */
export function prefilledFacts(form: readonly FormField[], draft: Draft): Fact[] {
  const facts: Fact[] = [];
  for (const field of form) {
    const value = draft[field.section]?.[field.name];
    if (value === undefined || value === null || value === "") continue;
    facts.push({ key: fieldKey(field), field, value });
  }
  return facts;
}

/** Whether a fact holds ID numbers (its type, or a field tagged as carrying them): shown masked. */
export const holdsIdNumbers = (field: FormField): boolean =>
  field.type === "idNumber" || field.pii === "idNumber";

/** A fact's value as text before formatting by type: ID numbers masked, a boolean or number left to the caller. */
export function maskedValue(field: FormField, value: unknown): unknown {
  if (typeof value !== "string" || !holdsIdNumbers(field)) return value;
  return field.type === "idNumber" ? maskIdNumber(value) : maskIdNumbersIn(value);
}

/**
 * The form fields the person must give now, in the form's order: those of the offer's open fields (`section.name`)
 * that the form requires given the draft and the answers so far — a conditional one (a certificate number, open
 * because "already married" is) only once its condition holds — and any other field the answers make required that
 * the draft leaves empty (an offer made before its condition was open). The API requires exactly these.
 */
export function openFormFields(
  form: readonly FormField[],
  openFields: readonly string[],
  draft?: Draft,
  values: FormValues = {},
): FormField[] {
  const open = new Set(openFields);
  const known = draft ? fromApplication(draft) : {};
  const all = { ...known, ...values };
  const emptyInDraft = (f: FormField) => (known[fieldKey(f)] ?? "") === "";
  return form.filter(
    (f) =>
      (open.has(fieldKey(f)) || (draft !== undefined && f.requiredWhen !== undefined && emptyInDraft(f))) &&
      isRequired(f, form, all),
  );
}

/** The accept body's answers: typed values of the open fields filled in, keyed `section.name`. */
export function openAnswers(fields: readonly FormField[], values: FormValues): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  for (const f of fields) {
    const raw = values[fieldKey(f)] ?? "";
    if (raw.trim() === "") continue;
    answers[fieldKey(f)] = typed(f, raw);
  }
  return answers;
}

/** Open fields left empty (a required one the page checks before sending; the API would say the same). */
export function missingOpen(fields: readonly FormField[], values: FormValues): string[] {
  return fields.filter((f) => (values[fieldKey(f)] ?? "").trim() === "").map(fieldKey);
}

/**
 * An accept refusal's issue path names the field under `answers.` (`answers.applicant.phone`): the field's own
 * key, so the issue is shown beside its input.
 */
export const issueFieldKey = (path: string): string =>
  path.startsWith("answers.") && path.split(".").length >= 3 ? path.slice("answers.".length) : path;

/** Why the offer was made, as a key of `offers.why`: the outreach visit, else the event that made it. */
export type OfferReason = "visit" | "event" | "other";
export function offerReason(offer: Pick<OfferSummary, "madeBy" | "eventType">): OfferReason {
  if (offer.madeBy.startsWith("case:")) return "visit";
  if (offer.eventType) return "event";
  return "other";
}

export const isOpen = (offer: Pick<OfferSummary, "state">): boolean => offer.state === "open";

/** Open offers first (soonest expiry first), then the finished ones (newest first): the inbox's two lists. */
export function splitOffers<O extends Pick<OfferSummary, "state" | "expiresAt" | "madeAt">>(
  offers: readonly O[],
): { open: O[]; finished: O[] } {
  const open = offers.filter(isOpen).sort((a, b) => a.expiresAt.localeCompare(b.expiresAt));
  const finished = offers.filter((o) => !isOpen(o)).sort((a, b) => b.madeAt.localeCompare(a.madeAt));
  return { open, finished };
}

export const OFFER_STATES: readonly OfferState[] = ["open", "accepted", "declined", "expired", "superseded"];

/** The funnel's stages in the order the overview shows them. */
export const FUNNEL_STAGES: readonly (keyof OfferFunnel)[] = [
  "made",
  "delivered",
  "opened",
  "accepted",
  "declined",
  "expired",
  "superseded",
];

/** What made an offer (`madeBy`): an outreach visit's case, or a rule and its version. */
export type OfferMaker =
  | { kind: "case"; caseId: string }
  | { kind: "rule"; rule: string }
  | { kind: "other"; text: string };
export function offerMaker(madeBy: string): OfferMaker {
  if (madeBy.startsWith("case:")) return { kind: "case", caseId: madeBy.slice("case:".length) };
  if (madeBy.startsWith("rule:")) return { kind: "rule", rule: madeBy.slice("rule:".length) };
  return { kind: "other", text: madeBy };
}

/**
 * The engine's offer entries, read for the timeline: `offer_made` names the bundle (`social-assistance offer
 * case:…`), `offer_accepted` the offer and what made it (`OF-… made by case:OT-…`). Undefined for anything else.
 */
export function offerEntry(
  kind: string,
  detail: string | undefined,
): { made: { bundleId: string } } | { accepted: { offerId: string; maker: OfferMaker } } | undefined {
  if (!detail) return undefined;
  if (kind === "offer_made") {
    const m = /^([a-z][a-z0-9-]*) offer \S+$/.exec(detail);
    return m?.[1] ? { made: { bundleId: m[1] } } : undefined;
  }
  if (kind === "offer_accepted") {
    const m = /^(\S+) made by (\S+)$/.exec(detail);
    return m?.[1] && m[2] ? { accepted: { offerId: m[1], maker: offerMaker(m[2]) } } : undefined;
  }
  return undefined;
}
