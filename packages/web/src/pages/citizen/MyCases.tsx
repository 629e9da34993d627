import { useInfiniteQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api } from "../../api.ts";
import { useNames } from "../../catalogue.ts";
import { QueryState } from "../../components/QueryState.tsx";
import { CaseStatusBadge, OverdueBadge } from "../../components/StatusBadge.tsx";
import { dateTime } from "../../format.ts";

/** The signed-in citizen's cases, newest first. */
export function MyCases() {
  const { t, i18n } = useTranslation();
  const names = useNames();
  const cases = useInfiniteQuery({
    queryKey: ["my-cases"],
    queryFn: ({ pageParam }) => api.myCases(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.cursor,
    refetchInterval: 5000,
  });
  const rows = cases.data?.pages.flatMap((p) => p.cases) ?? [];
  return (
    <section>
      <h1>{t("my.title")}</h1>
      <p>
        <Link to="/apply">{t("nav.apply")}</Link>
      </p>
      <QueryState loading={cases.isPending} error={cases.error} />
      {cases.isSuccess && rows.length === 0 && <p>{t("my.empty")}</p>}
      {rows.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">{t("common.caseId")}</th>
              <th scope="col">{t("common.bundle")}</th>
              <th scope="col">{t("common.status")}</th>
              <th scope="col">{t("common.submittedAt")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((c) => (
              <tr key={c.caseId}>
                <td>
                  <Link to={`/my/cases/${c.caseId}`}>{c.caseId}</Link>
                </td>
                <td>{names.bundle(c.bundleId)}</td>
                <td>
                  <CaseStatusBadge status={c.status} /> {c.overdue && <OverdueBadge />}
                </td>
                <td>{dateTime(c.submittedAt, i18n.language)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {cases.hasNextPage && (
        <button type="button" onClick={() => void cases.fetchNextPage()}>
          {t("common.more")}
        </button>
      )}
    </section>
  );
}
