import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { NavLink } from "react-router";
import { api } from "../api.ts";
import { isOpen } from "../offers.ts";

/** The citizen's link to the offers inbox, with the count of open offers (the app's fetch marks them delivered). */
export function OffersNavLink() {
  const { t } = useTranslation();
  const offers = useQuery({
    queryKey: ["offers", "badge"],
    queryFn: () => api.offers(),
    refetchInterval: 15_000,
  });
  const count = offers.data?.offers.filter(isOpen).length ?? 0;
  return (
    <NavLink to="/offers">
      {t("offers.nav")}
      {count > 0 && (
        <span className="badge count" data-testid="offers-badge">
          <span aria-hidden="true">{count}</span>
          <span className="visually-hidden">{t("offers.badge", { count })}</span>
        </span>
      )}
    </NavLink>
  );
}
