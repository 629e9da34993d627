import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { useParams } from "react-router";
import { api } from "../api.ts";
import type { CaseView } from "../types.ts";
import { QueryState } from "./QueryState.tsx";

/**
 * The page of the case in the path (`:caseId`), for the citizen and the operator alike: its heading, loading and
 * failure, then `children` with the view, polled every `refetchInterval(view)` milliseconds (`false`: no more).
 */
export function CasePage(props: {
  title: (caseId: string) => ReactNode;
  refetchInterval: (view: CaseView | undefined) => number | false;
  children: (view: CaseView) => ReactNode;
}) {
  const { caseId = "" } = useParams();
  const view = useQuery({
    queryKey: ["case", caseId],
    queryFn: () => api.caseView(caseId),
    refetchInterval: (q) => props.refetchInterval(q.state.data),
  });
  return (
    <section>
      <h1>{props.title(caseId)}</h1>
      <QueryState loading={view.isPending} error={view.error} />
      {view.data && props.children(view.data)}
    </section>
  );
}
