import { useTranslation } from "react-i18next";
import { outputValue } from "../format.ts";
import type { ItemView } from "../types.ts";

/** An item's outcome in a line: its outputs (records only counted), or why it was refused or skipped. */
export function ItemResult({ item }: { item: ItemView }) {
  const { t } = useTranslation();
  // A completed item may still carry the reason of an earlier attempt's supplement request: its outputs matter now.
  if (item.reason && item.status !== "completed") return <span className="reason">{item.reason}</span>;
  if (item.skipReason)
    return <span className="muted">{t(`case.skipReason.${item.skipReason}`, item.skipReason)}</span>;
  if (!item.outputs) return <span className="muted">—</span>;
  return (
    <dl className="outputs">
      {Object.entries(item.outputs).map(([name, value]) => (
        <div key={name}>
          <dt>{name}</dt>
          <dd>{Array.isArray(value) ? `${value.length} ×` : outputValue(value)}</dd>
        </div>
      ))}
    </dl>
  );
}
