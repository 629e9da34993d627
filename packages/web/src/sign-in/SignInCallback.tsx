import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { type SignInFailure, signInFailure } from "./failure.ts";
import { completeSignIn } from "./oidc.ts";
import { takeReturnTo } from "./return-to.ts";

// One exchange per callback URL, however often the effect runs (a code is good for one exchange only), and with it
// one answer to where to go next: the wanted page is taken once.
const exchanges = new Map<string, Promise<string>>();

/** `/signin/callback`: the provider's answer is checked and exchanged, then the page they wanted (or the role's home) opens. */
export function SignInCallback() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [failure, setFailure] = useState<SignInFailure>();
  useEffect(() => {
    const href = location.href;
    if (!exchanges.has(href)) {
      exchanges.set(
        href,
        completeSignIn(new URL(href)).then((session) => takeReturnTo(session.role)),
      );
    }
    exchanges
      .get(href)
      ?.then((next) => navigate(next, { replace: true }))
      .catch((error: unknown) => setFailure(signInFailure(error)));
  }, [navigate]);
  return (
    <section className="sign-in">
      <h1>{t("oidc.title")}</h1>
      {failure ? (
        <>
          <p role="alert" className="error">
            {t(`oidc.failure.${failure}`)}
          </p>
          <Link to="/">{t("oidc.again")}</Link>
        </>
      ) : (
        <p aria-live="polite">{t("oidc.callback")}</p>
      )}
    </section>
  );
}
