import { useQuery } from "@tanstack/react-query";
import { api } from "../../api.ts";

export const LIVE_SECONDS = 3;

/** The operator summary, polled: the overview and the departments page stay live without reloading. */
export function useSummary() {
  return useQuery({ queryKey: ["summary"], queryFn: api.summary, refetchInterval: LIVE_SECONDS * 1000 });
}
