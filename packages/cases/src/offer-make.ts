/**
 * Making an offer: its id (derived from what makes it once), its open fields, its place, and the record a rule's
 * action or a case's `MakeOffer` command becomes.
 */
import { createHash } from "node:crypto";
import {
  type Application,
  type Bundle,
  type Catalogue,
  caseIdOf,
  evaluatePredicate,
  formScope,
  type MakeOffer,
  offerIdOf,
  openFieldsOf,
  predicateReferences,
  readField,
} from "@onething/domain";
import type { NewOffer } from "./offer-ports.ts";

const DAY_MS = 86_400_000;

/**
 * An offer's id, `OF-<Beijing date>-<10 characters>`, from what makes it once: `case:<caseId>:<itemId>:<attempt>:<i>`
 * (dated by the commit's now) or `event:<source>:<sourceEventId>:<ruleId>:<actionIndex>` (dated by the event's
 * first receipt), so a replay derives the same id.
 */
export function offerIdFor(key: string, day: Date): string {
  return offerIdOf(day, createHash("sha256").update(key).digest());
}

/** The case an offer's acceptance becomes: one id per offer, so a retried or crashed acceptance finds it again. */
export function offerCaseId(offerId: string, madeAt: string): string {
  return caseIdOf(new Date(madeAt), createHash("sha256").update(`offer:${offerId}`).digest());
}

/** Every field the form requires of this application (`required`, or `requiredWhen` holding over it), as `section.name`. */
export function requiredFieldsOf(bundle: Bundle, application: Application): string[] {
  const scope = formScope(application);
  return bundle.form.fields
    .filter((f) =>
      f.requiredWhen !== undefined ? evaluatePredicate(f.requiredWhen, scope) || f.required : f.required,
    )
    .map((f) => `${f.section}.${f.name}`);
}

/**
 * The fields an offer leaves for the person to give: the domain's `openFieldsOf` (required, or `requiredWhen`
 * holding over the draft, without a value) and — until nothing changes — every conditionally required field the
 * draft leaves empty whose condition reads an open field (a certificate number, open because "already married" is),
 * in form order.
 */
export function offerOpenFields(bundle: Bundle, draft: Application): string[] {
  const open = new Set(openFieldsOf(bundle, draft));
  let grew = true;
  while (grew) {
    grew = false;
    for (const f of bundle.form.fields) {
      const ref = `${f.section}.${f.name}`;
      if (!f.requiredWhen || open.has(ref) || !isEmptyValue(readField(draft, ref))) continue;
      if (predicateReferences(f.requiredWhen).fields.some((read) => open.has(read))) {
        open.add(ref);
        grew = true;
      }
    }
  }
  return bundle.form.fields.map((f) => `${f.section}.${f.name}`).filter((ref) => open.has(ref));
}

export const isEmptyValue = (value: unknown) =>
  value === undefined || value === null || value === "" || (Array.isArray(value) && value.length === 0);

/** Where an offer counts: the draft's case place (the bundle's `casePlace` field) if the tree knows it, else the default place. */
export function offerPlaceOf(
  catalogue: Catalogue,
  bundle: Bundle,
  draft: Application,
  place?: string,
): string {
  const fromDraft = bundle.casePlace ? readField(draft, bundle.casePlace) : undefined;
  for (const candidate of [place, fromDraft])
    if (typeof candidate === "string" && catalogue.places.has(candidate)) return candidate;
  return catalogue.places.defaultPlace;
}

export interface OfferInput {
  offerId: string;
  bundleId: string;
  addressee: string;
  draft: Application;
  madeAt: Date;
  expiresAt: Date;
  occurredAt: string;
  madeBy: string;
  source?: NewOffer["source"];
  place?: string;
  group?: string[];
}

/** The record of a new offer, against the catalogue's current version of its bundle. */
export function newOffer(catalogue: Catalogue, input: OfferInput): NewOffer {
  const bundle = catalogue.bundle(input.bundleId);
  return {
    offerId: input.offerId,
    bundleId: bundle.id,
    bundleVersion: bundle.version,
    addressee: input.addressee,
    draft: input.draft,
    openFields: offerOpenFields(bundle, input.draft),
    madeAt: input.madeAt.toISOString(),
    expiresAt: input.expiresAt.toISOString(),
    occurredAt: input.occurredAt,
    madeBy: input.madeBy,
    place: offerPlaceOf(catalogue, bundle, input.draft, input.place),
    ...(input.source ? { source: input.source } : {}),
    ...(input.group && input.group.length > 0 ? { group: input.group } : {}),
  };
}

/** `now` plus whole calendar days. */
export const addDays = (now: Date, days: number): Date => new Date(now.getTime() + days * DAY_MS);

/** The offer a case's `MakeOffer` command makes (its id from the command's key, dated by the commit). */
export function offerOfCommand(catalogue: Catalogue, command: MakeOffer, now: Date): NewOffer {
  return newOffer(catalogue, {
    offerId: offerIdFor(command.offerKey, now),
    bundleId: command.bundleId,
    addressee: command.addressee,
    draft: command.draft,
    madeAt: now,
    expiresAt: new Date(command.expiresAt),
    occurredAt: command.occurredAt,
    madeBy: `case:${command.caseId}`,
    ...(command.place ? { place: command.place } : {}),
  });
}
