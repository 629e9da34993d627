import { useTranslation } from "react-i18next";
import { ErrorMessage } from "./ErrorMessage.tsx";

/** What a page shows while its data loads or when reading it failed. */
export function QueryState({ loading, error }: { loading: boolean; error: unknown }) {
  const { t } = useTranslation();
  if (error) return <ErrorMessage error={error} frame={(message) => t("common.error", { message })} />;
  if (loading) return <p aria-live="polite">{t("common.loading")}</p>;
  return null;
}
