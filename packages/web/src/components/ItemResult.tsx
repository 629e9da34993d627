import { useTranslation } from "react-i18next";
import { useOutputFormat } from "../outputs.ts";
import { registryHandlesText } from "../registry.ts";
import type { BundleOutput, ItemView } from "../types.ts";

/**
 * An item's outcome in a line: its outputs by their declared labels, values formatted by their declared types
 * (records only counted), or why it was refused or skipped (`skipDetail`, the skip's recorded detail: what the
 * registry handles, benefit by benefit).
 */
export function ItemResult({
  item,
  outputs = [],
  skipDetail,
}: {
  item: ItemView;
  outputs?: BundleOutput[];
  skipDetail?: string | undefined;
}) {
  const { t, i18n } = useTranslation();
  const format = useOutputFormat();
  // A completed item may still carry the reason of an earlier attempt's supplement request: its outputs matter now.
  if (item.reason && item.status !== "completed") return <span className="reason">{item.reason}</span>;
  if (item.skipReason) {
    const handled =
      item.skipReason === "registry_handles" ? registryHandlesText(t, i18n.language, skipDetail) : undefined;
    return (
      <span className="muted" data-skip={item.skipReason}>
        {handled ?? t(`case.skipReason.${item.skipReason}`, item.skipReason)}
      </span>
    );
  }
  // A wait for another department's record (a birth): the case goes on by itself when it comes.
  if (item.status === "waiting")
    return (
      <span className="muted" data-waiting>
        {t("case.waiting")}
      </span>
    );
  if (!item.outputs) return <span className="muted">—</span>;
  const declared = new Map(outputs.map((o) => [o.name, o]));
  return (
    <dl className="outputs">
      {Object.entries(item.outputs).map(([name, value]) => {
        const decl = declared.get(name);
        return (
          <div key={name} data-output={name}>
            <dt>{format.label(name, decl)}</dt>
            <dd>{format.value(value, decl?.type)}</dd>
          </div>
        );
      })}
    </dl>
  );
}
