import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api } from "../api.ts";
import { CountNavLink } from "./CountNavLink.tsx";

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
    <CountNavLink
      to="/messages"
      label={t("notices.nav")}
      count={count}
      spoken={t("notices.badge", { count })}
      testId="notices-badge"
    />
  );
}
