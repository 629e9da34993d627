import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { NavLink } from "react-router";
import { api } from "../api.ts";

/** The citizen's link to 我的消息, with the count of unread notices (all of them, from the API). */
export function NoticesNavLink() {
  const { t } = useTranslation();
  const notices = useQuery({
    queryKey: ["notices", "badge"],
    queryFn: () => api.notices(),
    refetchInterval: 10_000,
  });
  const count = notices.data?.unread ?? 0;
  return (
    <NavLink to="/messages">
      {t("notices.nav")}
      {count > 0 && (
        <span className="badge count" data-testid="notices-badge">
          <span aria-hidden="true">{count}</span>
          <span className="visually-hidden">{t("notices.badge", { count })}</span>
        </span>
      )}
    </NavLink>
  );
}
