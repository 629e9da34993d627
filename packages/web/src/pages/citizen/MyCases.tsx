import { useInfiniteQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api } from "../../api.ts";
import { CaseListTable } from "../../components/CaseListTable.tsx";
import { QueryState } from "../../components/QueryState.tsx";

/** The signed-in citizen's cases, newest first. */
export function MyCases() {
  const { t } = useTranslation();
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
      <CaseListTable rows={rows} caseLink={(id) => `/my/cases/${id}`} showSubject />
      {cases.hasNextPage && (
        <button type="button" onClick={() => void cases.fetchNextPage()}>
          {t("common.more")}
        </button>
      )}
    </section>
  );
}
