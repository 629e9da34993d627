import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { api } from "../../api.ts";
import { useNames } from "../../catalogue.ts";
import { CaseListTable } from "../../components/CaseListTable.tsx";
import { PlacePicker } from "../../components/PlacePicker.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { handleSubmit } from "../../form/submit.ts";
import { CASE_STATUSES } from "../../types.ts";
import { LIVE_SECONDS } from "./useSummary.ts";

const FILTERS = ["caseId", "place", "bundle", "status", "department", "from", "to", "overdue"] as const;

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
  const submit = handleSubmit(() =>
    onApply(new URLSearchParams(Object.entries(draft).filter(([, v]) => v !== ""))),
  );
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
      <PlacePicker value={draft.place} onChange={(v) => set("place", v)} />
      <FilterSelect
        label={t("common.bundle")}
        value={draft.bundle}
        options={names.bundleIds.map((b) => [b, names.bundle(b)] as const)}
        onChange={(v) => set("bundle", v)}
      />
      <FilterSelect
        label={t("common.status")}
        value={draft.status}
        options={CASE_STATUSES.map((s) => [s, t(`caseStatus.${s}`)] as const)}
        onChange={(v) => set("status", v)}
      />
      <FilterSelect
        label={t("common.department")}
        value={draft.department}
        options={names.departmentIds.map((d) => [d, names.department(d)] as const)}
        onChange={(v) => set("department", v)}
      />
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

/** One filter to pick from a list, or "all" (no filter). */
function FilterSelect(props: {
  label: string;
  value: string | undefined;
  options: readonly (readonly [value: string, label: string])[];
  onChange: (value: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <label>
      {props.label}
      <select value={props.value ?? ""} onChange={(e) => props.onChange(e.target.value)}>
        <option value="">{t("ops.all")}</option>
        {props.options.map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
    </label>
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
        overdueAsOf={cases.data?.pages[0]?.asOf}
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
