import { useTranslation } from "react-i18next";
import { localized } from "../i18n.ts";
import { usePlaces } from "../places.ts";
import { useSession } from "../session.ts";

/**
 * A place within the signed-in scope (the tree from `GET /v1/jurisdictions`, indented by level). The empty value
 * stands for the scope itself.
 */
export function PlacePicker(props: {
  value: string | undefined;
  onChange: (place: string) => void;
  id?: string;
}) {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const places = usePlaces(session?.office);
  const scope = places.scope;
  return (
    <label className="place-picker">
      {t("places.place")}
      <select id={props.id} value={props.value ?? ""} onChange={(e) => props.onChange(e.target.value)}>
        <option value="">
          {scope
            ? t("places.scopeOption", { name: localized(scope.name, i18n.language) })
            : t("places.myScope")}
        </option>
        {places.options
          .filter((p) => p.code !== scope?.code)
          .map((p) => (
            <option key={p.code} value={p.code}>
              {`${"\u3000".repeat(Math.max(0, p.depth - (scope?.depth ?? 0)))}${localized(p.name, i18n.language)}`}
            </option>
          ))}
      </select>
    </label>
  );
}
