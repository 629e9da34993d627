import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api } from "../api.ts";
import { isOpen } from "../offers.ts";
import { CountNavLink } from "./CountNavLink.tsx";

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
    <CountNavLink
      to="/offers"
      label={t("offers.nav")}
      count={count}
      spoken={t("offers.badge", { count })}
      testId="offers-badge"
    />
  );
}
