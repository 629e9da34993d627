import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api } from "../../api.ts";
import { useBundle } from "../../catalogue.ts";
import { ErrorMessage } from "../../components/ErrorMessage.tsx";
import { ReasonForm } from "../../components/ReasonForm.tsx";
import { Section } from "../../components/Section.tsx";
import { fieldLabels } from "../../errors.ts";
import { localized } from "../../i18n.ts";
import { usePlaces } from "../../places.ts";
import { loadSession } from "../../session.ts";
import type { ApplicationView, CaseView, FormField } from "../../types.ts";
import { applicationValue } from "./application-values.ts";

/**
 * The application as the API lets this operator see it: masked by default; an operator holding the reveal
 * permission can ask for the plain values, giving a reason the API records in the timeline.
 */
export function ApplicationPanel({ view }: { view: CaseView }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const canReveal = loadSession()?.reveal === true;
  const reveal = useMutation({
    mutationFn: (reason: string) => api.reveal(view.caseId, reason),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["case", view.caseId] }),
  });
  const shown = reveal.data?.application ?? view.application;
  if (!shown) return null;
  return (
    <Section
      id="application"
      className="panel"
      title={
        <>
          {t("ops.application")}{" "}
          <span className="badge">
            {reveal.data ? t("ops.revealed") : view.applicationMasked ? t("ops.masked") : ""}
          </span>
        </>
      }
    >
      <ApplicationFields bundleId={view.bundleId} application={shown} />
      {canReveal && view.applicationMasked && !reveal.data && (
        <ReasonForm
          className="reveal"
          summary={t("ops.reveal")}
          label={t("ops.revealReason")}
          confirm={t("ops.revealConfirm")}
          minLength={2}
          pending={reveal.isPending}
          onConfirm={(reason) => reveal.mutate(reason)}
        />
      )}
      {reveal.error && (
        <ErrorMessage error={reveal.error} label={fieldLabels(t, { reason: "ops.revealReason" })} />
      )}
    </Section>
  );
}

function ApplicationFields({ bundleId, application }: { bundleId: string; application: ApplicationView }) {
  const { t, i18n } = useTranslation();
  const bundle = useBundle(bundleId);
  const places = usePlaces(undefined);
  const fieldOf = (section: string, name: string): FormField | undefined =>
    bundle.data?.form.find((x) => x.section === section && x.name === name);
  const label = (section: string, name: string) => {
    const f = fieldOf(section, name);
    return f ? localized(f.label, i18n.language) : `${section}.${name}`;
  };
  return (
    <>
      {(["applicant", "subject", "answers"] as const).map((section) => {
        const values = application[section];
        if (!values || Object.keys(values).length === 0) return null;
        return (
          <dl key={section} className="application" aria-label={t(`apply.sections.${section}`)}>
            {Object.entries(values).map(([name, value]) => (
              <div key={name} data-field={`${section}.${name}`}>
                <dt>{label(section, name)}</dt>
                <dd>{applicationValue(t, i18n.language, fieldOf(section, name), value, places.fullName)}</dd>
              </div>
            ))}
          </dl>
        );
      })}
    </>
  );
}
