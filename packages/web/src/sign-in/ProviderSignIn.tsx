import { useMutation } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { signInFailure } from "./failure.ts";
import { beginSignIn } from "./oidc.ts";

/** The way in on every deployment: the provider's login page (authorization code + PKCE). */
export function ProviderSignIn() {
  const { t, i18n } = useTranslation();
  const go = useMutation({ mutationFn: () => beginSignIn(i18n.language) });
  return (
    <div className="card">
      <p>{t("oidc.intro")}</p>
      {go.error && (
        <p role="alert" className="error">
          {t(`oidc.failure.${signInFailure(go.error)}`)}
        </p>
      )}
      <button type="button" className="primary" disabled={go.isPending} onClick={() => go.mutate()}>
        {go.isPending ? t("oidc.redirecting") : t("oidc.button")}
      </button>
    </div>
  );
}
