/**
 * A timeline entry's detail in the reader's words, from the entry's structured fields (`wait`, `skip`, `deadline`)
 * and, for entries recorded before those existed, from the engine's English `detail`. Items are named, never by
 * their id; no event, offer or case ids are shown; instants are Beijing time.
 */
import { useTranslation } from "react-i18next";
import { useNames } from "./catalogue.ts";
import { deadlineDetail } from "./deadlines.ts";
import { dateTime } from "./format.ts";
import { localized } from "./i18n.ts";
import { offerEntry } from "./offers.ts";
import { usePlaces } from "./places.ts";
import { skipOf, waitOf } from "./plain.ts";
import { registryHandlesText, sourceName, subjectEventText } from "./registry.ts";
import { taskStatusDetail } from "./task-status.ts";
import type { ItemView, TimelineEntry } from "./types.ts";
import type { WaitEntry } from "./waits.ts";

const CANCEL_REASONS = ["case_withdrawn", "case_rejected"];
/** Entries whose detail is what a person wrote (a department, the applicant), shown as written. */
const PEOPLES_WORDS = ["item_rejected", "case_withdrawn", "supplement_requested"];
/** `supplement_requested` ends with the requested fields' names in brackets: ids, not for the page. */
const SUPPLEMENT_FIELDS = / \([\w.\-, ]+\)$/;

export function useTimelineWords(items: readonly ItemView[]) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const names = useNames();
  const places = usePlaces(undefined);
  const byId = new Map(items.map((i) => [i.itemId, i]));
  const itemName = (itemId: string) => {
    const item = byId.get(itemId);
    return item ? localized(item.name, lang) : undefined;
  };
  const event = (type: string) => t(`offers.event.${type}`, type);
  const skipText = (e: TimelineEntry, skip: NonNullable<ReturnType<typeof skipOf>>) => {
    const text = t(`case.skipReason.${skip.reason}`, t("pages.timeline.other"));
    // The family should see which benefits are already being stopped, and by which case, not a bare code.
    if (skip.reason === "registry_handles") return registryHandlesText(t, lang, e.detail) ?? text;
    if (skip.reason !== "dependency_not_completed" || !skip.itemId) return text;
    const status = skip.itemStatus ? t(`itemStatus.${skip.itemStatus}`, skip.itemStatus) : "";
    return t("pages.timeline.blockedBy", { text, item: itemName(skip.itemId) ?? t("common.item"), status });
  };
  const waitText = (wait: WaitEntry) => {
    if ("waiting" in wait)
      return t("offers.wait.waiting", {
        event: event(wait.waiting.event),
        until: dateTime(wait.waiting.until, lang),
      });
    if ("timedOut" in wait)
      return t("offers.wait.timedOut", {
        event: event(wait.timedOut.event),
        until: dateTime(wait.timedOut.until, lang),
      });
    const { event: type, source } = wait.completedBy;
    return t("pages.timeline.completedBy", { event: event(type), source: sourceName(source, lang) });
  };
  /** What happened, beyond its kind: undefined when the kind says it all. */
  const detail = (e: TimelineEntry): string | undefined => {
    const skip = skipOf(e);
    if (skip) return skipText(e, skip);
    const wait = waitOf(e);
    if (wait) return waitText(wait);
    // A report, a transfer or an escalation (an overdue entry: its deadline, then whom it was escalated to).
    const status = taskStatusDetail(t, lang, e, { place: places.name, department: names.department });
    if (e.kind === "item_overdue" && status)
      return `${deadlineDetail(t, lang, e) ?? ""}${t("status.join")}${status}`;
    if (status || e.progress) return status;
    if (!e.detail) return undefined;
    const offer = offerEntry(e.kind, e.detail);
    if (offer && "made" in offer)
      return t("offers.timeline.made", { bundle: names.bundle(offer.made.bundleId) });
    if (offer && "accepted" in offer) {
      const { maker } = offer.accepted;
      if (maker.kind === "case") return t("pages.timeline.acceptedVisit");
      if (maker.kind === "rule") return t("pages.timeline.acceptedRule");
      return t("pages.timeline.accepted");
    }
    if (e.kind === "subject_event_noted") return subjectEventText(t, lang, e.detail) ?? undefined;
    if (e.kind === "item_cancelled" && CANCEL_REASONS.includes(e.detail))
      return t(`timeline.cancelReason.${e.detail}`);
    // People's own words: a department's reason for a refusal or a supplement request, the withdrawal's reason.
    if (PEOPLES_WORDS.includes(e.kind)) return e.detail.replace(SUPPLEMENT_FIELDS, "");
    // A deadline in words; any other engine detail is English for raw readers, not for this page.
    return deadlineDetail(t, lang, e);
  };
  return { detail, itemName };
}
