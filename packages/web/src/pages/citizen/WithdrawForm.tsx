import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api } from "../../api.ts";
import { ErrorMessage } from "../../components/ErrorMessage.tsx";
import { ReasonForm } from "../../components/ReasonForm.tsx";
import { fieldLabels } from "../../errors.ts";

/** Withdrawing cancels every open task at its department, so it sits behind a disclosure and asks why. */
export function WithdrawForm({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const withdraw = useMutation({
    mutationFn: (reason: string) => api.withdraw(caseId, reason),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["case", caseId] }),
  });
  return (
    <ReasonForm
      className="withdraw"
      summary={t("case.withdraw")}
      label={t("case.withdrawReason")}
      confirm={t("case.withdrawConfirm")}
      multiline
      pending={withdraw.isPending}
      onConfirm={(reason) => withdraw.mutate(reason)}
    >
      {withdraw.error && (
        <ErrorMessage error={withdraw.error} label={fieldLabels(t, { reason: "case.withdrawReason" })} />
      )}
      {withdraw.isSuccess && <p role="status">{t("case.withdrawn")}</p>}
    </ReasonForm>
  );
}
