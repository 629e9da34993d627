/**
 * A value of the application as a person reads it, by its form field: yes/no, an option by its label, a date in the
 * page's style, a place by its names, a list element by element with each field's label. A masked value (the API
 * masks PII-tagged fields for operators) is a string and is shown as sent.
 */

import type { Translate } from "../../errors.ts";
import { formatDate, formatNumber } from "../../format.ts";
import type { FormField, LocalizedText } from "../../types.ts";

const localized = (text: LocalizedText, lang: string) => (lang.startsWith("en") ? text.en : text.zh);

type Field = Pick<FormField, "type" | "options"> & { of?: FormField["of"] };

export function applicationValue(
  t: Translate,
  lang: string,
  field: Field | undefined,
  value: unknown,
  placeName: (code: string) => string,
): string {
  if (value === null || value === undefined || value === "") return t("pages.application.empty");
  if (typeof value === "boolean") return value ? t("common.yes") : t("common.no");
  if (typeof value === "number") return formatNumber(value, lang);
  if (Array.isArray(value)) {
    const of = field?.of ?? [];
    const en = lang.startsWith("en");
    return value
      .map((element) => {
        if (typeof element !== "object" || element === null)
          return applicationValue(t, lang, undefined, element, placeName);
        return Object.entries(element as Record<string, unknown>)
          .map(([name, v]) => {
            const f = of.find((x) => x.name === name);
            const label = f ? localized(f.label, lang) : name;
            return `${label}${en ? ": " : "："}${applicationValue(t, lang, f, v, placeName)}`;
          })
          .join(en ? ", " : "，");
      })
      .join(en ? "; " : "；");
  }
  if (typeof value === "object") return JSON.stringify(value);
  const text = String(value);
  if (field?.type === "enum") {
    const option = field.options?.find((o) => o.value === text);
    return option ? localized(option.label, lang) : text;
  }
  if (field?.type === "date") return formatDate(text, lang);
  if (field?.type === "place") return placeName(text);
  return text;
}
