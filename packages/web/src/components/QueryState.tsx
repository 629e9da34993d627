import { useTranslation } from "react-i18next";

/** What a page shows while its data loads or when reading it failed. */
export function QueryState({ loading, error }: { loading: boolean; error: unknown }) {
  const { t } = useTranslation();
  if (error) {
    return (
      <p role="alert" className="error">
        {t("common.error", { message: error instanceof Error ? error.message : String(error) })}
      </p>
    );
  }
  if (loading) return <p aria-live="polite">{t("common.loading")}</p>;
  return null;
}
