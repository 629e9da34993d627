/**
 * POST /v1/offers/{offerId}/accept: the addressee confirms an offer with its open fields (nothing else), and it
 * becomes a normal case — channel `proactive`, filed by the citizen, the offer linked in its timeline. The case id is
 * derived from the offer, so a retry (or a call after a crash between the case and the mark) finds the same case.
 * Before the case, the offer's group is claimed (`claimOffer`): a decline or the expiry cannot win over the claim,
 * and of two siblings accepted at once only the first claim makes a case.
 */
import type { Principal } from "@onething/auth";
import type { AcceptOfferResponse } from "@onething/contracts";
import {
  type Application,
  type ApplicationSubmitted,
  type Bundle,
  type FieldIssue,
  type FormSection,
  readField,
  validateApplication,
} from "@onething/domain";
import { assertMayApply } from "./access.ts";
import { type ApplyDeps, applyCaseEvent } from "./apply-event.ts";
import { RequestRefusedError, validationFailed } from "./errors.ts";
import { isEmptyValue, offerCaseId, requiredFieldsOf } from "./offer-make.ts";
import type { Offer, OfferClaim } from "./offer-ports.ts";
import { addressedOffer, notOpen, type OfferDeps, supersedeSiblings } from "./offers.ts";
import { knownOfSubject, type SubmitDeps, summary } from "./submit.ts";

export type AcceptDeps = OfferDeps & ApplyDeps & Pick<SubmitDeps, "registry">;

export interface AcceptResult {
  /** 201 for the acceptance, 200 for a repeat. */
  status: 200 | 201;
  body: AcceptOfferResponse;
}

/**
 * The draft with the given answers. Open are the offer's open fields (and any the answers themselves make required:
 * offers made before a field's condition was open). A pre-filled, optional or unknown field is refused
 * (`field_not_open`); every open field the merged application requires and leaves empty is named (`required`).
 */
function merged(bundle: Bundle, offer: Offer, answers: Record<string, unknown>): Application {
  const issues: FieldIssue[] = [];
  const known = new Set(bundle.form.fields.map((f) => `${f.section}.${f.name}`));
  const draft: Application = structuredClone(offer.draft);
  const candidate: Application = structuredClone(offer.draft);
  const emptyInDraft = (ref: string) => isEmptyValue(readField(offer.draft, ref));
  for (const [ref, value] of Object.entries(answers))
    if (known.has(ref) && emptyInDraft(ref)) write(candidate, ref, value);
  const open = new Set([...offer.openFields, ...requiredFieldsOf(bundle, candidate).filter(emptyInDraft)]);
  for (const [ref, value] of Object.entries(answers)) {
    if (!open.has(ref)) {
      issues.push({
        path: `answers.${ref}`,
        message: "is not a field this offer leaves open",
        code: "field_not_open",
      });
      continue;
    }
    write(draft, ref, value);
  }
  for (const ref of requiredFieldsOf(bundle, draft))
    if (open.has(ref) && isEmptyValue(readField(draft, ref)))
      issues.push({ path: `answers.${ref}`, message: "is required", code: "required" });
  if (issues.length > 0) throw validationFailed(issues);
  return draft;
}

function write(application: Application, ref: string, value: unknown): void {
  const dot = ref.indexOf(".");
  const section = ref.slice(0, dot) as FormSection;
  if (section === "subject" && !application.subject) application.subject = {};
  const record = application[section] ?? {};
  record[ref.slice(dot + 1)] = value;
}

export async function acceptOffer(
  deps: AcceptDeps,
  principal: Principal,
  offerId: string,
  body: { answers?: Record<string, unknown> | undefined },
  now: Date,
): Promise<AcceptResult> {
  const offer = await addressedOffer(deps, principal, offerId);
  const caseId = offerCaseId(offer.offerId, offer.madeAt);
  if (offer.state === "accepted") return repeat(deps, offer, caseId);
  if (offer.state !== "open") throw notOpen(offer);
  if (Date.parse(offer.expiresAt) <= now.getTime() && !(await deps.cases.getCase(caseId)))
    throw notOpen({ ...offer, state: "expired" });

  const bundle = deps.catalogue.bundle(offer.bundleId);
  const application = merged(bundle, offer, body.answers ?? {});
  const valid = validateApplication(bundle, application);
  if (!valid.ok)
    throw validationFailed(valid.issues.map((issue) => ({ ...issue, path: `answers.${issue.path}` })));
  assertMayApply(principal, bundle, valid.value.applicant);

  const submitted: ApplicationSubmitted = {
    type: "ApplicationSubmitted",
    eventId: `submit:${caseId}`,
    caseId,
    bundleId: bundle.id,
    application: valid.value,
    channel: "proactive",
    filedBy: { role: "citizen", id: principal.subject },
    offer: { offerId, madeAt: offer.madeAt, occurredAt: offer.occurredAt, madeBy: offer.madeBy },
    ...(await knownOfSubject(deps, bundle, valid.value)),
  };
  const claim = await claimGroup(deps, offer, now);
  const outcome = await applyCaseEvent(deps, submitted, now);
  const state = outcome.state;
  if (!state) {
    await deps.offers.releaseClaim(offer, claim);
    throw new RequestRefusedError(
      "conflict",
      "submission_refused",
      outcome.kind === "ignored" ? outcome.detail : "not stored",
    );
  }
  const toCaseMs = Date.parse(state.submittedAt) - Date.parse(offer.occurredAt);
  if (!(await deps.offers.decide(offer, { to: "accepted", at: now, caseId, toCaseMs }))) {
    const current = await deps.offers.getOffer(offerId);
    if (current?.state !== "accepted")
      deps.log.error("accepted offer not marked", { offerId, state: current?.state ?? "missing" });
  }
  await supersedeSiblings(deps, offer, now);
  return { status: 201, body: { offerId, caseId, state: "accepted", case: summary(state) } };
}

/**
 * Claims the offer's group before its case is made: a sibling's claim answers 409 `offer_superseded`; an offer
 * decided meanwhile (a decline, the expiry that came first) gives the claim back and answers its state.
 */
async function claimGroup(deps: AcceptDeps, offer: Offer, now: Date): Promise<OfferClaim> {
  const claim = await deps.offers.claimOffer(offer, now);
  if (claim.offerId !== offer.offerId)
    throw new RequestRefusedError("conflict", "offer_superseded", `offer ${offer.offerId} is superseded`);
  const current = await deps.offers.getOffer(offer.offerId);
  if (current && current.state !== "open" && current.state !== "accepted") {
    await deps.offers.releaseClaim(offer, claim);
    throw notOpen(current);
  }
  return claim;
}

async function repeat(deps: AcceptDeps, offer: Offer, derived: string): Promise<AcceptResult> {
  const caseId = offer.caseId ?? derived;
  const stored = await deps.cases.getCase(caseId);
  if (!stored)
    throw new RequestRefusedError("conflict", "offer_accepted", `offer ${offer.offerId} was accepted`);
  return {
    status: 200,
    body: { offerId: offer.offerId, caseId, state: "accepted", case: summary(stored.state) },
  };
}
