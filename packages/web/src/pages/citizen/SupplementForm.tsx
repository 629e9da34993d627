import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, type SupplementAnswer } from "../../api.ts";
import { DocumentInput } from "../../components/DocumentInput.tsx";
import { ErrorMessage } from "../../components/ErrorMessage.tsx";
import { issuesOf, issueTextsByPath } from "../../errors.ts";
import { handleSubmit } from "../../form/submit.ts";
import type { ItemView } from "../../types.ts";

/** What a department asks for (补正), one input per requested piece, answered in one go. */
export function SupplementForm({
  caseId,
  item,
  requested,
}: {
  caseId: string;
  item: ItemView;
  requested: NonNullable<ItemView["requested"]>;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [answers, setAnswers] = useState<Record<string, SupplementAnswer>>({});
  const send = useMutation({
    mutationFn: () => api.supplement(caseId, item.itemId, answers),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["case", caseId] }),
  });
  // The API names each answer `answers.<field>`: its issue is shown at its input, the refusal above the button.
  const issues = issueTextsByPath(t, issuesOf(send.error));
  return (
    <form
      className="supplement"
      onSubmit={handleSubmit(() => send.mutate())}
      aria-label={t("case.supplementAsked")}
    >
      <h4>{t("case.supplementAsked")}</h4>
      {item.reason && <p>{t("case.supplementReason", { reason: item.reason })}</p>}
      {requested.map((r) => {
        const issue = issues.get(`answers.${r.field}`);
        const errorId = `supplement-${item.itemId}-${r.field}-error`;
        const error = issue && (
          <small id={errorId} className="field-error">
            {issue}
          </small>
        );
        if (r.kind === "document")
          return (
            <div key={r.field}>
              <DocumentInput
                caseId={caseId}
                itemId={item.itemId}
                field={r.field}
                label={r.description}
                accept={r.accept ?? ["application/pdf", "image/jpeg", "image/png"]}
                describedBy={issue ? errorId : undefined}
                invalid={Boolean(issue)}
                onUploaded={(documentId) =>
                  setAnswers((a) => ({ ...a, [r.field]: documentId ? { documentId } : null }))
                }
              />
              {error}
            </div>
          );
        const value = answers[r.field];
        return (
          <label key={r.field}>
            {/* The department's own words for what it asks; the field's name is for the API, not the reader. */}
            {r.description}
            <input
              required
              value={typeof value === "string" ? value : ""}
              aria-invalid={issue ? true : undefined}
              aria-describedby={issue ? errorId : undefined}
              onChange={(e) => setAnswers((a) => ({ ...a, [r.field]: e.target.value }))}
            />
            {issue && (
              <small id={errorId} className="field-error">
                {issue}
              </small>
            )}
          </label>
        );
      })}
      {send.error && (
        <ErrorMessage
          error={send.error}
          shownElsewhere={(path) => requested.some((r) => `answers.${r.field}` === path)}
        />
      )}
      {send.isSuccess && <p role="status">{t("case.answered")}</p>}
      <button type="submit" className="primary" disabled={send.isPending || send.isSuccess}>
        {t("case.answer")}
      </button>
    </form>
  );
}
