import { useInfiniteQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { api } from "../../api.ts";
import { useNames } from "../../catalogue.ts";
import { CaseListTable } from "../../components/CaseListTable.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { CASE_STATUSES } from "../../types.ts";
import { LIVE_SECONDS } from "./useSummary.ts";

const FILTERS = ["caseId", "bundle", "status", "department", "from", "to", "overdue"] as const;

/** Every case, filtered by what the URL query says (so a filtered list can be shared and reloaded). */
export function OpsCases() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const query = new URLSearchParams(
    FILTERS.flatMap((k) => (params.get(k) ? [[k, params.get(k) ?? ""]] : [])),
  );
  return (
    <section>
      <h1>{t("ops.casesTitle")}</h1>
      <CaseFilters key={query.toString()} current={query} onApply={(q) => setParams(q)} />
      <CaseList query={query} />
    </section>
  );
}

function CaseFilters({
  current,
  onApply,
}: {
  current: URLSearchParams;
  onApply: (q: URLSearchParams) => void;
}) {
  const { t } = useTranslation();
  const names = useNames();
  const [draft, setDraft] = useState(() => Object.fromEntries(current.entries()) as Record<string, string>);
  const set = (k: string, v: string) => setDraft((d) => ({ ...d, [k]: v }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onApply(new URLSearchParams(Object.entries(draft).filter(([, v]) => v !== "")));
  };
  return (
    <form className="filters" onSubmit={submit} aria-label={t("ops.filters")}>
      <label>
        {t("ops.search")}
        <input
          type="search"
          value={draft.caseId ?? ""}
          onChange={(e) => set("caseId", e.target.value.trim())}
        />
      </label>
      <label>
        {t("common.bundle")}
        <select value={draft.bundle ?? ""} onChange={(e) => set("bundle", e.target.value)}>
          <option value="">{t("ops.all")}</option>
          {names.bundleIds.map((b) => (
            <option key={b} value={b}>
              {names.bundle(b)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t("common.status")}
        <select value={draft.status ?? ""} onChange={(e) => set("status", e.target.value)}>
          <option value="">{t("ops.all")}</option>
          {CASE_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`caseStatus.${s}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t("common.department")}
        <select value={draft.department ?? ""} onChange={(e) => set("department", e.target.value)}>
          <option value="">{t("ops.all")}</option>
          {names.departmentIds.map((d) => (
            <option key={d} value={d}>
              {names.department(d)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t("ops.from")}
        <input type="date" value={draft.from ?? ""} onChange={(e) => set("from", e.target.value)} />
      </label>
      <label>
        {t("ops.to")}
        <input type="date" value={draft.to ?? ""} onChange={(e) => set("to", e.target.value)} />
      </label>
      <label className="inline">
        <input
          type="checkbox"
          checked={draft.overdue === "true"}
          onChange={(e) => set("overdue", e.target.checked ? "true" : "")}
        />
        {t("ops.overdueOnly")}
      </label>
      <button type="submit" className="primary">
        {t("ops.apply")}
      </button>
      <button type="button" onClick={() => onApply(new URLSearchParams())}>
        {t("ops.clear")}
      </button>
    </form>
  );
}

function CaseList({ query }: { query: URLSearchParams }) {
  const { t } = useTranslation();
  const cases = useInfiniteQuery({
    queryKey: ["ops-cases", query.toString()],
    queryFn: ({ pageParam }) => {
      const q = new URLSearchParams(query);
      if (pageParam) q.set("cursor", pageParam);
      return api.opsCases(q);
    },
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.cursor,
    refetchInterval: LIVE_SECONDS * 1000,
  });
  const rows = cases.data?.pages.flatMap((p) => p.cases) ?? [];
  return (
    <>
      <QueryState loading={cases.isPending} error={cases.error} />
      {cases.isSuccess && rows.length === 0 && <p>{t("ops.noCases")}</p>}
      <CaseListTable
        rows={rows}
        caseLink={(id) => `/ops/cases/${id}`}
        showUpdated
        label={t("ops.casesTitle")}
      />
      {cases.hasNextPage && (
        <button type="button" onClick={() => void cases.fetchNextPage()}>
          {t("common.more")}
        </button>
      )}
    </>
  );
}
