/**
 * POST /v1/offers/{offerId}/accept: the addressee confirms an offer with its open fields (nothing else), and it
 * becomes a normal case — channel `proactive`, filed by the citizen, the offer linked in its timeline. The case id is
 * derived from the offer, so a retry (or a call after a crash between the case and the mark) finds the same case.
 */
import type { Principal } from "@onething/auth";
import type { AcceptOfferResponse } from "@onething/contracts";
import {
  type Application,
  type ApplicationSubmitted,
  type FieldIssue,
  type FormSection,
  validateApplication,
} from "@onething/domain";
import { assertMayApply } from "./access.ts";
import { type ApplyDeps, applyCaseEvent } from "./apply-event.ts";
import { RequestRefusedError, validationFailed } from "./errors.ts";
import { offerCaseId } from "./offer-make.ts";
import type { Offer } from "./offer-ports.ts";
import { addressedOffer, notOpen, type OfferDeps } from "./offers.ts";
import { knownOfSubject, type SubmitDeps, summary } from "./submit.ts";

export type AcceptDeps = OfferDeps & ApplyDeps & Pick<SubmitDeps, "registry">;

export interface AcceptResult {
  /** 201 for the acceptance, 200 for a repeat. */
  status: 200 | 201;
  body: AcceptOfferResponse;
}

const SECTIONS: readonly FormSection[] = ["applicant", "subject", "answers"];

/** The draft with the given answers, refusing any that is not open and naming every open one left out. */
function merged(offer: Offer, answers: Record<string, unknown>): Application {
  const issues: FieldIssue[] = [];
  const open = new Set(offer.openFields);
  const draft: Application = structuredClone(offer.draft);
  for (const [ref, value] of Object.entries(answers)) {
    const dot = ref.indexOf(".");
    const section = ref.slice(0, dot) as FormSection;
    if (!open.has(ref) || dot < 0 || !SECTIONS.includes(section)) {
      issues.push({
        path: `answers.${ref}`,
        message: "is not a field this offer leaves open",
        code: "field_not_open",
      });
      continue;
    }
    if (section === "subject" && !draft.subject) draft.subject = {};
    const record = draft[section] ?? {};
    record[ref.slice(dot + 1)] = value;
  }
  for (const ref of offer.openFields)
    if (!(ref in answers) || answers[ref] === "" || answers[ref] === null || answers[ref] === undefined)
      issues.push({ path: `answers.${ref}`, message: "is required", code: "required" });
  if (issues.length > 0) throw validationFailed(issues);
  return draft;
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
  const application = merged(offer, body.answers ?? {});
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
  const outcome = await applyCaseEvent(deps, submitted, now);
  const state = outcome.state;
  if (!state)
    throw new RequestRefusedError(
      "conflict",
      "submission_refused",
      outcome.kind === "ignored" ? outcome.detail : "not stored",
    );
  const toCaseMs = Date.parse(state.submittedAt) - Date.parse(offer.occurredAt);
  await deps.offers.decide(offer, { to: "accepted", at: now, caseId, toCaseMs });
  for (const sibling of offer.group ?? []) {
    const other = await deps.offers.getOffer(sibling);
    if (other?.state === "open") await deps.offers.decide(other, { to: "superseded", at: now });
  }
  return { status: 201, body: { offerId, caseId, state: "accepted", case: summary(state) } };
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
