import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { api } from "../../api.ts";
import { useBundle } from "../../catalogue.ts";
import { ErrorMessage, IssueList } from "../../components/ErrorMessage.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { ApiError, describeIssues, type IssueLike, issueTextsByPath } from "../../errors.ts";
import { FieldInput } from "../../form/FieldInput.tsx";
import { handleSubmit } from "../../form/submit.ts";
import { type FormValues, fieldKey } from "../../form/values.ts";
import { dateTime, formatDate } from "../../format.ts";
import { localized } from "../../i18n.ts";
import {
  type Draft,
  holdsIdNumbers,
  issueFieldKey,
  maskedValue,
  missingOpen,
  offerReason,
  openAnswers,
  openFormFields,
  prefilledFacts,
} from "../../offers.ts";
import { useOutputFormat } from "../../outputs.ts";
import { usePlaces } from "../../places.ts";
import type { FormField, OfferSummary } from "../../types.ts";
import { DeclineForm } from "./DeclineForm.tsx";

/** The offer's head: bundle, state, why it was made, when it was made and until when it is open. */
function OfferHead({ offer, headingId }: { offer: OfferSummary; headingId: string }) {
  const { t, i18n } = useTranslation();
  const reason = offerReason(offer);
  const why =
    reason === "event"
      ? t(`offers.event.${offer.eventType}`, offer.eventType ?? "")
      : t(`offers.reason.${reason}`);
  return (
    <>
      <header className="offer-head">
        <h2 id={headingId}>{localized(offer.bundleName, i18n.language)}</h2>
        <span className={`badge offer-${offer.state}`} data-testid="offer-state">
          {t(`offers.state.${offer.state}`)}
        </span>
      </header>
      <dl className="facts">
        <div>
          <dt>{t("offers.why")}</dt>
          <dd data-testid="offer-why">{why}</dd>
        </div>
        <div>
          <dt>{t("offers.madeAt")}</dt>
          <dd>{dateTime(offer.madeAt, i18n.language)}</dd>
        </div>
        <div>
          <dt>{t("offers.expiresOn")}</dt>
          <dd data-testid="offer-expires">{formatDate(offer.expiresAt, i18n.language)}</dd>
        </div>
        {offer.caseId && (
          <div>
            <dt>{t("offers.case")}</dt>
            <dd>
              <Link to={`/my/cases/${offer.caseId}`}>{t("offers.openCase", { caseId: offer.caseId })}</Link>
            </dd>
          </div>
        )}
      </dl>
    </>
  );
}

/** An accepted, declined, expired or superseded offer: its head only, greyed. */
export function FinishedOffer({ offer }: { offer: OfferSummary }) {
  const headingId = `offer-${offer.offerId}-title`;
  return (
    <article className="offer finished" aria-labelledby={headingId} data-offer={offer.offerId}>
      <OfferHead offer={offer} headingId={headingId} />
    </article>
  );
}

/** An open offer: what is already filled in, the fields still needed, confirm (one click when none are) or not now. */
export function OpenOffer({ offer }: { offer: OfferSummary }) {
  const headingId = `offer-${offer.offerId}-title`;
  // The first read marks the offer opened (the funnel's "opened"): once per page, not on every poll.
  const detail = useQuery({
    queryKey: ["offer", offer.offerId],
    queryFn: () => api.offer(offer.offerId),
    staleTime: Infinity,
  });
  const bundle = useBundle(offer.bundleId);
  return (
    <article className="offer" aria-labelledby={headingId} data-offer={offer.offerId}>
      <OfferHead offer={offer} headingId={headingId} />
      <QueryState loading={detail.isPending || bundle.isPending} error={detail.error ?? bundle.error} />
      {detail.data && bundle.data && (
        <OfferBody offer={offer} draft={detail.data.draft} form={bundle.data.form} />
      )}
    </article>
  );
}

function OfferBody({ offer, draft, form }: { offer: OfferSummary; draft: Draft; form: FormField[] }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [values, setValues] = useState<FormValues>({});
  const open = openFormFields(form, offer.openFields, draft, values);
  const [issues, setIssues] = useState<IssueLike[]>([]);
  const set = (key: string, value: string) => {
    setValues((v) => ({ ...v, [key]: value }));
    setIssues((current) => current.filter((i) => i.path !== key));
  };
  const accept = useMutation({
    mutationFn: () => api.acceptOffer(offer.offerId, openAnswers(open, values)),
    onSuccess: (r) => {
      void queryClient.invalidateQueries({ queryKey: ["offers"] });
      void navigate(`/my/cases/${r.caseId}`);
    },
    onError: (e) => {
      if (e instanceof ApiError && e.issues.length > 0)
        setIssues(e.issues.map((i) => ({ ...i, path: issueFieldKey(i.path) })));
      // The offer may have changed (expired, superseded by the other parent's): the list says so.
      else void queryClient.invalidateQueries({ queryKey: ["offers"] });
    },
  });
  const onSubmit = handleSubmit(() => {
    const missing = missingOpen(open, values);
    if (missing.length > 0) {
      setIssues(missing.map((path) => ({ path, code: "required" })));
      return;
    }
    accept.mutate();
  });
  const byField = Object.fromEntries(issueTextsByPath(t, issues));
  const openKeys = new Set(open.map(fieldKey));
  const label = (path: string) => {
    const f = form.find((x) => fieldKey(x) === path);
    return f ? localized(f.label, i18n.language) : undefined;
  };
  const otherIssues = describeIssues(
    t,
    issues.filter((i) => !openKeys.has(i.path)),
    label,
  );
  const refusal = accept.error && !(accept.error instanceof ApiError && accept.error.issues.length > 0);
  return (
    <>
      <PrefilledFacts form={form} draft={draft} />
      <form noValidate onSubmit={onSubmit} aria-label={t("offers.accept")}>
        {open.length > 0 ? (
          <fieldset className="section">
            <legend>{t("offers.openTitle")}</legend>
            {open.map((f) => (
              <FieldInput
                key={fieldKey(f)}
                field={f}
                value={values[fieldKey(f)] ?? ""}
                required
                error={byField[fieldKey(f)]}
                onChange={(v) => set(fieldKey(f), v)}
              />
            ))}
          </fieldset>
        ) : (
          <p className="muted">{t("offers.nothingOpen")}</p>
        )}
        {refusal && <ErrorMessage error={accept.error} />}
        {!refusal && issues.length > 0 && (
          <div role="alert" className="error">
            <p>{t("offers.fixErrors")}</p>
            <IssueList lines={otherIssues} />
          </div>
        )}
        <button type="submit" className="primary" disabled={accept.isPending}>
          {accept.isPending ? t("offers.accepting") : t("offers.accept")}
        </button>
      </form>
      <DeclineForm offerId={offer.offerId} />
    </>
  );
}

/** The draft's facts by the bundle's labels, formatted by type; ID numbers show their last four characters. */
function PrefilledFacts({ form, draft }: { form: FormField[]; draft: Draft }) {
  const { t, i18n } = useTranslation();
  const format = useOutputFormat();
  const places = usePlaces(undefined);
  const facts = prefilledFacts(form, draft);
  const text = (f: FormField, value: unknown): string => {
    const shown = maskedValue(f, value);
    if (f.type === "enum") {
      const option = f.options?.find((o) => o.value === shown);
      if (option) return localized(option.label, i18n.language);
    }
    if (f.type === "place" && typeof shown === "string") return places.fullName(shown);
    return format.value(
      shown,
      f.type === "date" || f.type === "number" || f.type === "integer" ? f.type : undefined,
    );
  };
  if (facts.length === 0) return null;
  return (
    <section className="prefilled" aria-label={t("offers.prefilled")}>
      <h3>{t("offers.prefilled")}</h3>
      <dl className="application">
        {facts.map(({ key, field, value }) => (
          <div key={key} data-fact={key}>
            <dt>{localized(field.label, i18n.language)}</dt>
            <dd>{text(field, value)}</dd>
          </div>
        ))}
      </dl>
      {facts.some(({ field }) => holdsIdNumbers(field)) && <p className="muted">{t("offers.maskedNote")}</p>}
    </section>
  );
}
