import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api.ts";
import { ErrorMessage } from "../../components/ErrorMessage.tsx";

/** Withdrawing cancels every open task at its department, so it sits behind a disclosure and asks why. */
export function WithdrawForm({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState("");
  const withdraw = useMutation({
    mutationFn: () => api.withdraw(caseId, reason),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["case", caseId] }),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    withdraw.mutate();
  };
  return (
    <details className="withdraw">
      <summary>{t("case.withdraw")}</summary>
      <form onSubmit={submit}>
        <label>
          {t("case.withdrawReason")}
          <textarea required maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
        </label>
        {withdraw.error && (
          <ErrorMessage
            error={withdraw.error}
            label={(path) => (path === "reason" ? t("case.withdrawReason") : undefined)}
          />
        )}
        {withdraw.isSuccess && <p role="status">{t("case.withdrawn")}</p>}
        <button type="submit" className="danger" disabled={withdraw.isPending || reason.trim() === ""}>
          {t("case.withdrawConfirm")}
        </button>
      </form>
    </details>
  );
}
