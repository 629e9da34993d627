import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { localized } from "../i18n.ts";
import { cascadeLevels, pickAt, placeIndex } from "../place-tree.ts";
import { usePlaces } from "../places.ts";

/**
 * A place chosen level by level from the jurisdiction tree (`GET /v1/jurisdictions`, the operator picker's read):
 * province → city → district → town (→ community), one labelled select each, names in the page's language. The
 * value is the code of the deepest place chosen; any level may be the last; clearing a select clears those below.
 * The chosen place's full name is shown under the selects. Place it inside a fieldset whose legend names it.
 */
export function PlaceCascade(props: {
  id: string;
  value: string;
  invalid?: boolean;
  describedBy?: string;
  onChange: (code: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const { tree, all, fullName } = usePlaces(undefined);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `all` is derived from the tree, read once
  const index = useMemo(() => placeIndex(all), [tree.data]);
  const name = (n: Parameters<typeof localized>[0]) => localized(n, i18n.language);
  if (tree.isError) return <p className="error">{t("places.treeFailed")}</p>;
  return (
    <div className="place-cascade">
      {cascadeLevels(index, props.value).map((level, depth) => {
        const id = `${props.id}-${depth}`;
        return (
          <div key={level.parent.code} className="place-level">
            <label htmlFor={id}>{t(`places.levels.${level.options[0]?.level ?? "town"}`)}</label>
            <select
              id={id}
              value={level.selected}
              aria-invalid={props.invalid || undefined}
              aria-describedby={props.describedBy}
              onChange={(e) => props.onChange(pickAt(index, props.value, depth, e.target.value))}
            >
              <option value="">{t("apply.choose")}</option>
              {level.options.map((o) => (
                <option key={o.code} value={o.code}>
                  {name(o.name)}
                </option>
              ))}
            </select>
          </div>
        );
      })}
      <output className="place-path" aria-live="polite">
        {props.value && fullName(props.value)}
      </output>
    </div>
  );
}
