import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api.ts";
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
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const send = useMutation({
    mutationFn: () => api.supplement(caseId, item.itemId, answers),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["case", caseId] }),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    send.mutate();
  };
  return (
    <form className="supplement" onSubmit={submit} aria-label={t("case.supplementAsked")}>
      <h4>{t("case.supplementAsked")}</h4>
      {item.reason && <p>{t("case.supplementReason", { reason: item.reason })}</p>}
      {requested.map((r) => (
        <label key={r.field}>
          {r.description} <code>{r.field}</code>
          <input
            required
            value={answers[r.field] ?? ""}
            onChange={(e) => setAnswers((a) => ({ ...a, [r.field]: e.target.value }))}
          />
        </label>
      ))}
      {send.error && (
        <p role="alert" className="error">
          {send.error.message}
        </p>
      )}
      {send.isSuccess && <p role="status">{t("case.answered")}</p>}
      <button type="submit" className="primary" disabled={send.isPending || send.isSuccess}>
        {t("case.answer")}
      </button>
    </form>
  );
}
