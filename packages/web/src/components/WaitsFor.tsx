import { useTranslation } from "react-i18next";
import { dateTime } from "../format.ts";
import { localized } from "../i18n.ts";
import type { BundleItem, ItemView } from "../types.ts";

const OPEN: readonly ItemView["status"][] = [
  "pending",
  "running",
  "dispatched",
  "awaiting_supplement",
  "waiting",
];

/**
 * What a waiting item waits for, in words: a wait item its life event (by when at the latest); a pending item the
 * items it starts after that are still open, by name. Nothing for any other item.
 */
export function WaitsFor(props: {
  item: ItemView;
  declared: BundleItem | undefined;
  items: readonly ItemView[];
}) {
  const { t, i18n } = useTranslation();
  const { item, declared } = props;
  if (item.status === "waiting") {
    const event = declared?.awaits ? t(`offers.event.${declared.awaits}`, declared.awaits) : undefined;
    const text = event
      ? item.dueAt
        ? t("pages.waitsFor.event", { event, until: dateTime(item.dueAt, i18n.language) })
        : t("pages.waitsFor.eventOpen", { event })
      : t("case.waiting");
    return (
      <p className="muted waits-for" data-waiting>
        {text}
      </p>
    );
  }
  if (item.status !== "pending" || !declared) return null;
  const byId = new Map(props.items.map((i) => [i.itemId, i]));
  const open = declared.waitsFor
    .map((id) => byId.get(id))
    .filter((i): i is ItemView => i !== undefined && OPEN.includes(i.status));
  if (open.length === 0) return null;
  const names = open.map((i) => `“${localized(i.name, i18n.language)}”`).join(t("pages.waitsFor.join"));
  return (
    <p className="muted waits-for" data-waits-for>
      {t("pages.waitsFor.items", { items: names })}
    </p>
  );
}
