import { Suspense, useState } from "react";
import { useTranslation } from "react-i18next";
import { NavLink, Outlet, useNavigate } from "react-router";
import { type Language, rememberLanguage } from "../i18n.ts";
import { useSession } from "../session.ts";
import { signOut as endSession } from "../sign-in/oidc.ts";
import { NoticesNavLink } from "./NoticesNavLink.tsx";
import { OffersNavLink } from "./OffersNavLink.tsx";

const WALL_KEY = "onething.wall";

/** The frame of every page: the title, the navigation for the signed-in role, language and wall-display switches. */
export function Layout() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const session = useSession();
  const [wall, setWall] = useState(() => localStorage.getItem(WALL_KEY) === "1");

  const switchLanguage = (lang: Language) => {
    rememberLanguage(lang);
    void i18n.changeLanguage(lang);
  };
  const toggleWall = () => {
    localStorage.setItem(WALL_KEY, wall ? "0" : "1");
    setWall(!wall);
  };
  // Signed in through the provider, its session ends too (the page leaves for its logout and comes back to `/`).
  const signOut = () => {
    void endSession(i18n.language).then((leaving) => {
      if (!leaving) void navigate("/");
    });
  };

  return (
    <div className={wall ? "app wall" : "app"}>
      <a className="skip" href="#main">
        {t("app.skip")}
      </a>
      <header className="top">
        <span className="brand">{t("app.title")}</span>
        <nav aria-label="main">
          {session?.role === "citizen" && (
            <>
              <NavLink to="/apply">{t("nav.apply")}</NavLink>
              <NavLink to="/my">{t("nav.myCases")}</NavLink>
              <OffersNavLink />
              <NoticesNavLink />
            </>
          )}
          {session?.role === "operator" && (
            <>
              <NavLink to="/ops" end>
                {t("nav.overview")}
              </NavLink>
              <NavLink to="/ops/cases">{t("nav.cases")}</NavLink>
              <NavLink to="/ops/departments">{t("nav.departments")}</NavLink>
            </>
          )}
        </nav>
        <div className="tools">
          <fieldset className="lang">
            <legend className="visually-hidden">{t("nav.language")}</legend>
            <button type="button" aria-pressed={i18n.language === "zh"} onClick={() => switchLanguage("zh")}>
              中文
            </button>
            <button type="button" aria-pressed={i18n.language === "en"} onClick={() => switchLanguage("en")}>
              English
            </button>
          </fieldset>
          {session?.role === "operator" && (
            <button type="button" aria-pressed={wall} onClick={toggleWall}>
              {t("nav.wall")}
            </button>
          )}
          {session && (
            <button type="button" onClick={signOut}>
              {t("nav.signOut")}
            </button>
          )}
        </div>
      </header>
      <main id="main">
        <Suspense fallback={<p aria-live="polite">{t("common.loading")}</p>}>
          <Outlet />
        </Suspense>
      </main>
    </div>
  );
}
