import type { Application } from "../bundle/application.ts";
import { evaluatePredicate } from "../bundle/predicate.ts";
import type { Item } from "../bundle/schema.ts";
import { DAY_MS } from "../calendar/dates.ts";
import { caseScope } from "./inputs.ts";
import type { Run } from "./run.ts";
import type { ItemState, OpenCase } from "./types.ts";

const FIELD_REF = /^(applicant|subject|answers)\./;

/**
 * A completed item's `offers`: each whose `when` holds over the case (the item's own outputs included) becomes a
 * `MakeOffer` of the target bundle's draft, pre-filled from this case's fields and outputs (only values present),
 * and an `offer_made` entry naming the bundle and the offer's key, never the values. An offer whose addressee
 * field is empty is not made; the entry says so.
 */
export function makeOffers(run: Run, state: OpenCase, item: Item, itemState: ItemState): void {
  const scope = caseScope(state);
  for (const [index, offer] of (item.offers ?? []).entries()) {
    if (offer.when && !evaluatePredicate(offer.when, scope)) continue;
    const where = { itemId: itemState.itemId, department: itemState.department, attempt: itemState.attempt };
    const offerKey = `case:${state.caseId}:${itemState.itemId}:${itemState.attempt}:${index}`;
    const addressee = scope.field(offer.addressee);
    if (typeof addressee !== "string" || addressee === "") {
      run.timeline("offer_made", {
        ...where,
        detail: `no ${offer.bundle} offer ${offerKey}: ${offer.addressee} is empty`,
      });
      continue;
    }
    const target = run.catalogue.find(offer.bundle);
    const draft: Application = { applicant: {}, answers: {} };
    if (target?.form.fields.some((f) => f.section === "subject")) draft.subject = {};
    for (const [to, from] of Object.entries(offer.form)) {
      const value = FIELD_REF.test(from) ? scope.field(from) : scope.output(from);
      if (value === undefined || value === null || value === "") continue;
      const [section, name] = to.split(".") as [keyof Application, string];
      draft[section] = { ...(draft[section] ?? {}), [name]: structuredClone(value) };
    }
    run.emit({
      type: "MakeOffer",
      caseId: state.caseId,
      itemId: itemState.itemId,
      attempt: itemState.attempt,
      offerKey,
      bundleId: offer.bundle,
      addressee,
      draft,
      expiresAt: new Date(run.now.getTime() + offer.expiresAfterDays * DAY_MS).toISOString(),
      ...(state.place ? { place: state.place.code } : {}),
      madeBy: { kind: "case", caseId: state.caseId, itemId: itemState.itemId },
      occurredAt: run.at,
    });
    run.timeline("offer_made", { ...where, detail: `${offer.bundle} offer ${offerKey}` });
  }
}
