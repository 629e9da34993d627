import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api.ts";
import { ErrorMessage } from "../../components/ErrorMessage.tsx";
import { fieldLabels } from "../../errors.ts";
import { handleSubmit } from "../../form/submit.ts";

/** "暂不需要": behind a disclosure, with an optional reason (at most 200 characters). */
export function DeclineForm({ offerId }: { offerId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState("");
  const decline = useMutation({
    mutationFn: () => api.declineOffer(offerId, reason),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["offers"] }),
  });
  return (
    <details className="decline">
      <summary>{t("offers.decline")}</summary>
      <form onSubmit={handleSubmit(() => decline.mutate())}>
        <label>
          {t("offers.declineReason")}
          <input maxLength={200} value={reason} onChange={(e) => setReason(e.target.value)} />
        </label>
        {decline.error && (
          <ErrorMessage error={decline.error} label={fieldLabels(t, { reason: "offers.declineReason" })} />
        )}
        {decline.isSuccess && <p role="status">{t("offers.declined")}</p>}
        <button type="submit" className="danger" disabled={decline.isPending}>
          {t("offers.declineConfirm")}
        </button>
      </form>
    </details>
  );
}
