import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { PlaceCascade } from "../components/PlaceCascade.tsx";
import { localized } from "../i18n.ts";
import type { FormField } from "../types.ts";
import { fieldKey } from "./values.ts";

interface Props {
  field: FormField;
  value: string;
  required: boolean;
  error?: string;
  onChange: (value: string) => void;
}

const domId = (f: FormField) => `field-${f.section}-${f.name}`;

/** One form field by its declared type, with its label, help, and the error the API (or the page) gave for it. */
export function FieldInput({ field, value, required, error, onChange }: Props) {
  const { t, i18n } = useTranslation();
  const id = domId(field);
  const label = localized(field.label, i18n.language);
  const describedBy = [error ? `${id}-error` : "", field.help ? `${id}-help` : ""].filter(Boolean).join(" ");
  const common = {
    id,
    name: fieldKey(field),
    "aria-invalid": error ? true : undefined,
    "aria-describedby": describedBy || undefined,
    "aria-required": required || undefined,
  } as const;
  const mark = required ? (
    <span className="required">
      {" "}
      *<span className="visually-hidden">{t("apply.required")}</span>
    </span>
  ) : null;
  const notes = (
    <>
      {field.help && (
        <small id={`${id}-help`} className="help">
          {localized(field.help, i18n.language)}
        </small>
      )}
      {error && (
        <small id={`${id}-error`} className="field-error" role="alert">
          {error}
        </small>
      )}
    </>
  );

  // A place (several selects) and a yes/no (two radios) are groups, named by their legend.
  const group = (body: ReactNode) => (
    <fieldset
      className={error ? "field invalid" : "field"}
      id={id}
      aria-invalid={common["aria-invalid"]}
      aria-describedby={common["aria-describedby"]}
    >
      <legend>
        {label}
        {mark}
      </legend>
      {body}
      {notes}
    </fieldset>
  );

  if (field.type === "place")
    return group(
      <PlaceCascade
        id={id}
        value={value}
        invalid={error !== undefined}
        describedBy={common["aria-describedby"]}
        onChange={onChange}
      />,
    );

  if (field.type === "boolean")
    return group(
      <div className="radios">
        {(["true", "false"] as const).map((v) => (
          <label key={v} className="inline">
            <input
              type="radio"
              name={fieldKey(field)}
              value={v}
              checked={value === v}
              onChange={() => onChange(v)}
            />
            {v === "true" ? t("common.yes") : t("common.no")}
          </label>
        ))}
      </div>,
    );

  return (
    <div className={error ? "field invalid" : "field"}>
      <label htmlFor={id}>
        {label}
        {mark}
      </label>
      {field.type === "enum" ? (
        <select {...common} value={value} onChange={(e) => onChange(e.target.value)}>
          <option value="">{t("apply.choose")}</option>
          {field.options?.map((o) => (
            <option key={o.value} value={o.value}>
              {localized(o.label, i18n.language)}
            </option>
          ))}
        </select>
      ) : field.type === "longText" ? (
        <textarea
          {...common}
          value={value}
          maxLength={field.maxLength}
          onChange={(e) => onChange(e.target.value)}
        />
      ) : (
        <input
          {...common}
          type={inputType(field)}
          value={value}
          min={field.min}
          max={field.max}
          maxLength={field.maxLength}
          step={field.type === "number" ? "any" : undefined}
          inputMode={field.type === "phone" ? "tel" : undefined}
          autoComplete="off"
          onChange={(e) => onChange(e.target.value)}
        />
      )}
      {notes}
    </div>
  );
}

function inputType(f: FormField): string {
  if (f.type === "date") return "date";
  if (f.type === "integer" || f.type === "number") return "number";
  return "text";
}
