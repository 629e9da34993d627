import { validateApplication } from "../../bundle/application.ts";
import type { Bundle } from "../../bundle/schema.ts";
import { finish } from "../close.ts";
import { describeIssues, type Ignored, ignore } from "../ignored.ts";
import { placeCase, unknownPlaces } from "../places.ts";
import type { Run } from "../run.ts";
import { advance } from "../scheduler.ts";
import type { ApplicationSubmitted, CaseState, ItemState, OpenCase } from "../types.ts";

/** Opens the case on the bundle's latest (or pinned) version and dispatches whatever is ready at once. */
export function submit(run: Run, existing: CaseState | undefined, event: ApplicationSubmitted): Ignored {
  if (existing) return ignore("already_submitted", `case ${event.caseId} exists`);
  const bundle = run.catalogue.find(event.bundleId, event.bundleVersion);
  if (!bundle)
    return ignore("unknown_bundle", `no bundle ${event.bundleId} ${event.bundleVersion ?? "(latest)"}`);
  const valid = validateApplication(bundle, event.application);
  if (!valid.ok) return ignore("invalid_application", describeIssues(valid.issues));
  const unknown = unknownPlaces(run.catalogue, bundle, valid.value, event.receivingPlace);
  if (unknown.length > 0)
    return ignore(
      "unknown_place",
      `not in the jurisdiction tree: ${unknown.map((u) => `${u.field} ${u.value}`).join(", ")}`,
    );
  const { place, receivingOffice } = placeCase(run.catalogue, bundle, valid.value, event);
  const profile = run.catalogue.profiles.resolve(place.code, bundle.id, run.at);
  const disabled = new Set(profile.disabled);
  const state: OpenCase = {
    caseId: event.caseId,
    bundleId: bundle.id,
    bundleVersion: bundle.version,
    status: "in_progress",
    channel: event.channel,
    filedBy: event.filedBy,
    application: valid.value,
    items: initialItems(bundle, disabled),
    submittedAt: run.at,
    updatedAt: run.at,
    ...(event.registry ? { registry: structuredClone(event.registry) } : {}),
    place,
    receivingOffice,
    profile,
    ...(event.offer ? { offer: { ...event.offer } } : {}),
  };
  run.attach(state);
  run.timeline("case_submitted", { detail: `${bundle.id} v${bundle.version} via ${event.channel}` });
  if (event.offer)
    run.timeline("offer_accepted", { detail: `${event.offer.offerId} made by ${event.offer.madeBy}` });
  for (const id of disabled)
    run.timeline("item_skipped", {
      itemId: id,
      detail: `disabled_by_profile: ${place.code}`,
      skip: { reason: "disabled_by_profile" },
    });
  const fatal = advance(run, state);
  run.notify("case_received");
  finish(run, state, fatal);
  return undefined;
}

/** Every item pending, except those the case place's profile switched off. */
function initialItems(bundle: Bundle, disabled: ReadonlySet<string>): Record<string, ItemState> {
  const items: Record<string, ItemState> = {};
  for (const item of bundle.items) {
    items[item.id] = disabled.has(item.id)
      ? {
          itemId: item.id,
          department: item.department,
          status: "skipped",
          skipReason: "disabled_by_profile",
          attempt: 0,
          escalations: 0,
        }
      : { itemId: item.id, department: item.department, status: "pending", attempt: 0, escalations: 0 };
  }
  return items;
}
