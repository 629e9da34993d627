import { useMutation } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useParams } from "react-router";
import { api } from "../../api.ts";
import { useBundle } from "../../catalogue.ts";
import { ErrorMessage, IssueList } from "../../components/ErrorMessage.tsx";
import { PlaceCascade } from "../../components/PlaceCascade.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { SampleButtons } from "../../components/SampleButtons.tsx";
import { ApiError, describeIssues, type IssueLike, issueTextsByPath } from "../../errors.ts";
import { FieldInput } from "../../form/FieldInput.tsx";
import { handleSubmit } from "../../form/submit.ts";
import {
  type FormValues,
  fieldKey,
  fromApplication,
  isRequired,
  missingRequired,
  toApplication,
  visibleFields,
} from "../../form/values.ts";
import { localized } from "../../i18n.ts";
import { samplesFor } from "../../samples.ts";
import { loadSession } from "../../session.ts";
import type { BundleDetail, FormField, SubmitApplicationRequest } from "../../types.ts";

const SECTIONS = ["applicant", "subject", "answers"] as const;
/** The applicant's choice of receiving office (受理地), kept with the fields' values under a key no field has. */
const RECEIVING = "receivingPlace";

const withReceivingPlace = (body: SubmitApplicationRequest, values: FormValues): SubmitApplicationRequest =>
  values[RECEIVING] ? { ...body, receivingPlace: values[RECEIVING] } : body;

export function ApplyForm() {
  const { bundleId = "" } = useParams();
  const bundle = useBundle(bundleId);
  return (
    <section>
      <QueryState loading={bundle.isPending} error={bundle.error} />
      {bundle.data && <GeneratedForm bundle={bundle.data} />}
    </section>
  );
}

/** The bundle's form, generated from its field declarations; each API issue is shown beside its field. */
function GeneratedForm({ bundle }: { bundle: BundleDetail }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const session = loadSession();
  // The applicant is whoever signed in (the API refuses anyone else): a person, or the organisation acted for.
  const signedIn: FormValues =
    bundle.applicantKind === "organisation"
      ? { "applicant.uscc": session?.uscc ?? "" }
      : { "applicant.idNumber": session?.idNumber ?? "", "applicant.name": session?.name ?? "" };
  const [values, setValues] = useState<FormValues>(() => withoutBlanks(signedIn));
  // The API's issues (or the page's own `required`), translated when shown: a language switch re-renders them.
  const [issues, setIssues] = useState<IssueLike[]>([]);
  // One key per distinct body: a retried submission of the same form is the same application.
  const idempotencyKey = useRef(crypto.randomUUID());

  const set = (key: string, value: string) => {
    setValues((v) => ({ ...v, [key]: value }));
    setIssues((current) => current.filter((i) => i.path !== key));
    idempotencyKey.current = crypto.randomUUID();
  };

  const submit = useMutation({
    mutationFn: () =>
      api.submit(
        withReceivingPlace(toApplication(bundle.id, bundle.form, values), values),
        idempotencyKey.current,
      ),
    onSuccess: (r) => navigate(`/my/cases/${r.caseId}`),
    onError: (e) => {
      if (e instanceof ApiError && e.issues.length > 0) setIssues(e.issues);
    },
  });

  const onSubmit = handleSubmit(() => {
    const missing = missingRequired(bundle.form, values);
    if (missing.length > 0) {
      setIssues(missing.map((path) => ({ path, code: "required" })));
      return;
    }
    submit.mutate();
  });

  const fields = visibleFields(bundle.form, values);
  const byField = Object.fromEntries(issueTextsByPath(t, issues));
  const known = new Set([...bundle.form.map(fieldKey), RECEIVING]);
  const otherIssues = describeIssues(
    t,
    issues.filter((i) => !known.has(i.path)),
  );
  // A refusal that names no field (a conflict, a busy service, no connection) is said in words of its own.
  const refusal = submit.error && !(submit.error instanceof ApiError && submit.error.issues.length > 0);
  return (
    <form noValidate onSubmit={onSubmit} aria-labelledby="form-title">
      <h1 id="form-title">{localized(bundle.name, i18n.language)}</h1>
      <p>{localized(bundle.description, i18n.language)}</p>
      {bundle.applicantKind === "organisation" && !session?.uscc && (
        <p role="alert" className="error">
          {t("apply.needsOrganisation")}
        </p>
      )}
      <SampleFill bundleId={bundle.id} onFill={(v) => setValues({ ...v, ...withoutBlanks(signedIn) })} />
      {SECTIONS.map((section) => (
        <FormSection
          key={section}
          title={t(`apply.sections.${section}`)}
          fields={fields.filter((f) => f.section === section)}
          form={bundle.form}
          values={values}
          issues={byField}
          onChange={set}
        />
      ))}
      <ReceivingOffice
        value={values[RECEIVING] ?? ""}
        error={byField[RECEIVING]}
        onChange={(v) => set(RECEIVING, v)}
      />
      {refusal && <ErrorMessage error={submit.error} />}
      {!refusal && issues.length > 0 && (
        <div role="alert" className="error">
          <p>{t("apply.fixErrors")}</p>
          <IssueList lines={otherIssues} />
        </div>
      )}
      <button type="submit" className="primary" disabled={submit.isPending}>
        {submit.isPending ? t("apply.submitting") : t("apply.submit")}
      </button>
    </form>
  );
}

function FormSection(props: {
  title: string;
  fields: FormField[];
  /** The whole form: a condition may name a field of another section. */
  form: FormField[];
  values: FormValues;
  issues: Record<string, string>;
  onChange: (key: string, value: string) => void;
}) {
  if (props.fields.length === 0) return null;
  return (
    <fieldset className="section">
      <legend>{props.title}</legend>
      {props.fields.map((f) => (
        <FieldInput
          key={fieldKey(f)}
          field={f}
          value={props.values[fieldKey(f)] ?? ""}
          required={isRequired(f, props.form, props.values)}
          error={props.issues[fieldKey(f)]}
          onChange={(v) => props.onChange(fieldKey(f), v)}
        />
      ))}
    </fieldset>
  );
}

/** Where the application is to be received (optional: absent, the case's own place receives it). */
function ReceivingOffice(props: { value: string; error?: string; onChange: (code: string) => void }) {
  const { t } = useTranslation();
  const id = "field-receivingPlace";
  const describedBy = [props.error ? `${id}-error` : "", `${id}-help`].filter(Boolean).join(" ");
  return (
    <fieldset
      className={props.error ? "section invalid" : "section"}
      id={id}
      aria-invalid={props.error ? true : undefined}
      aria-describedby={describedBy}
    >
      <legend>{t("places.receiving")}</legend>
      <PlaceCascade
        id={id}
        value={props.value}
        invalid={props.error !== undefined}
        describedBy={describedBy}
        onChange={props.onChange}
      />
      <small id={`${id}-help`} className="help">
        {t("places.receivingHelp")}
      </small>
      {props.error && (
        <small id={`${id}-error`} className="field-error" role="alert">
          {props.error}
        </small>
      )}
    </fieldset>
  );
}

function SampleFill({ bundleId, onFill }: { bundleId: string; onFill: (values: FormValues) => void }) {
  const { t, i18n } = useTranslation();
  const samples = samplesFor(bundleId);
  if (samples.length === 0) return null;
  return (
    <SampleButtons
      legend={t("apply.fillSample")}
      samples={samples}
      keyOf={(s) => s.id}
      label={(s) => s.id}
      title={(s) => localized(s.description, i18n.language)}
      onPick={(s) => onFill(fromApplication(s.application))}
    />
  );
}

function withoutBlanks(values: FormValues): FormValues {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== ""));
}
