import type { CaseListEntry, CaseView } from "@onething/contracts";
import {
  type Bundle,
  type CaseState,
  type CaseStatus,
  type ItemState,
  itemName,
  maskApplication,
  statesWithDefinitions,
} from "@onething/domain";
import { type CaseAccess, itemWithinOffice } from "./access.ts";
import type { CaseTimelineEntry } from "./ports.ts";

/**
 * The case as its reader may see it: departments see only their own items and their timeline entries (an
 * operator's entry names no department, so they never see those) and none of the application; operators see
 * everything, the application with every PII-tagged field masked (`applicationMasked`; the reveal route shows
 * it whole, and records that it did); the applicant and the filing clerk see the application as submitted.
 */
export function caseView(
  state: CaseState,
  bundle: Bundle,
  timeline: readonly CaseTimelineEntry[],
  access: CaseAccess,
): CaseView {
  const everything = access.kind !== "department";
  const officeScope =
    access.kind === "department" && access.officePath
      ? { jurisdiction: access.officePath.split("/").at(-1) ?? "", path: access.officePath }
      : undefined;
  // A department office sees its department's items sent to offices within its own, and their entries.
  const visibleItem = (s: ItemState) =>
    access.kind !== "department" || itemWithinOffice(s, access.department, officeScope);
  const visibleIds = new Set(
    Object.values(state.items)
      .filter(visibleItem)
      .map((s) => s.itemId),
  );
  const visible = (department: string | undefined, itemId: string | undefined) =>
    access.kind !== "department" ||
    (department === access.department &&
      (officeScope === undefined || (itemId !== undefined && visibleIds.has(itemId))));
  const shown =
    access.kind === "full"
      ? state.application
      : access.kind === "operator"
        ? maskApplication(bundle, state.application)
        : undefined;
  const application = shown
    ? {
        applicant: shown.applicant,
        ...(shown.subject ? { subject: shown.subject } : {}),
        answers: shown.answers,
      }
    : undefined;
  return {
    caseId: state.caseId,
    bundleId: state.bundleId,
    bundleVersion: state.bundleVersion,
    status: state.status,
    channel: state.channel,
    submittedAt: state.submittedAt,
    updatedAt: state.updatedAt,
    ...("closedAt" in state ? { closedAt: state.closedAt } : {}),
    ...(state.place ? { place: state.place } : {}),
    ...(state.receivingOffice ? { receivingOffice: state.receivingOffice } : {}),
    // Each for-each item is followed by its instances; a department sees only the instances it holds.
    items: statesWithDefinitions(bundle, state)
      .filter(({ itemState }) => visibleItem(itemState))
      .map(({ item, itemState: s }) => ({
        itemId: s.itemId,
        name: itemName(bundle, s.itemId) ?? item.name,
        ...(s.forEachOf !== undefined && s.element !== undefined
          ? { forEachOf: s.forEachOf, element: s.element }
          : {}),
        department: s.department,
        status: s.status,
        attempt: s.attempt,
        overdue: s.overdue ?? false,
        ...(s.dueAt ? { dueAt: s.dueAt, dueProvisional: s.dueProvisional === true } : {}),
        ...(s.dueUnavailable ? { dueUnavailable: true } : {}),
        ...(s.outputs ? { outputs: s.outputs } : {}),
        ...(s.reason ? { reason: s.reason } : {}),
        ...(s.requested ? { requested: s.requested } : {}),
        ...(s.skipReason ? { skipReason: s.skipReason } : {}),
        ...(s.office ? { office: s.office } : {}),
        ...(s.progress ? { progress: s.progress } : {}),
        ...(s.transfers?.length ? { transfers: s.transfers } : {}),
        ...(s.escalatedTo ? { escalatedTo: s.escalatedTo } : {}),
      })),
    timeline: timeline
      .filter((e) => everything || (e.department !== undefined && visible(e.department, e.itemId)))
      .map(({ eventId: _e, ...entry }) => entry),
    ...(application ? { application, applicationMasked: access.kind === "operator" } : {}),
  };
}

/** What a case list row is made of: the case's list attributes (the store's `CaseSummary` has them). */
export interface CaseListSource {
  caseId: string;
  bundleId: string;
  status: CaseStatus;
  submittedAt: string;
  updatedAt: string;
  closedAt?: string;
  overdue?: boolean;
  overdueItems?: { itemId: string; department: string; dueAt: string }[];
  subjectName?: string;
}

/** A case list row, for the applicant's own list and the operators' alike: never the applicant's identity. */
export const toListEntry = (summary: CaseListSource): CaseListEntry => ({
  caseId: summary.caseId,
  bundleId: summary.bundleId,
  status: summary.status,
  submittedAt: summary.submittedAt,
  updatedAt: summary.updatedAt,
  ...(summary.closedAt ? { closedAt: summary.closedAt } : {}),
  overdue: summary.overdue ?? false,
  ...(summary.overdueItems?.length ? { overdueItems: summary.overdueItems } : {}),
});

/** A row of the applicant's own list: also the subject's name, so two cases of one bundle can be told apart. */
export const toOwnListEntry = (summary: CaseListSource): CaseListEntry => ({
  ...toListEntry(summary),
  ...(summary.subjectName ? { subjectName: summary.subjectName } : {}),
});
