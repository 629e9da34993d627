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
import { registryHandlesText, sourceName, subjectEventText } from "./registry.ts";
import type { ItemView, TimelineEntry } from "./types.ts";
import { type WaitEntry, waitEntry } from "./waits.ts";

const SKIP_DETAIL =
  /^(condition_false|dependency_not_completed|disabled_by_profile|no_elements|registry_handles)(?::\s*(.*))?$/;
const CANCEL_REASONS = ["case_withdrawn", "case_rejected"];
/** Entries whose detail is what a person wrote (a department, the applicant), shown as written. */
const PEOPLES_WORDS = ["item_rejected", "case_withdrawn", "supplement_requested"];
/** `supplement_requested` ends with the requested fields' names in brackets: ids, not for the page. */
const SUPPLEMENT_FIELDS = / \([\w.\-, ]+\)$/;

/** The entry's skip as data: its structured field, else read from the recorded detail. */
function skipOf(e: TimelineEntry): { reason: string; itemId?: string; itemStatus?: string } | undefined {
  if (e.kind !== "item_skipped") return undefined;
  if (e.skip) return e.skip;
  const m = e.detail ? SKIP_DETAIL.exec(e.detail) : null;
  if (!m?.[1]) return undefined;
  const [itemId, itemStatus] = m[1] === "dependency_not_completed" ? (m[2] ?? "").split(" ") : [];
  return { reason: m[1], ...(itemId ? { itemId } : {}), ...(itemStatus ? { itemStatus } : {}) };
}

/** The entry's wait as data: its structured field (the until from its deadline), else read from the detail. */
export function waitOf(e: TimelineEntry): WaitEntry | undefined {
  const w = e.wait;
  if (!w) return waitEntry(e.kind, e.detail);
  const until = e.deadline?.dueAt ?? "";
  if (e.kind === "item_waiting" && !w.source) return { waiting: { event: w.event, until } };
  if (e.kind === "item_wait_timed_out") return { timedOut: { event: w.event, until } };
  if (e.kind === "item_completed" && w.source)
    return { completedBy: { event: w.event, source: w.source, eventId: w.sourceEventId ?? "" } };
  return undefined;
}

export function useTimelineWords(items: readonly ItemView[]) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const names = useNames();
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
