import { useQuery } from "@tanstack/react-query";
import { api } from "../../api.ts";

export const LIVE_SECONDS = 3;

/**
 * The operator summary for a place (default: the signed-in scope), polled: the overview and the departments page
 * stay live without reloading.
 */
export function useSummary(place?: string) {
  return useQuery({
    queryKey: ["summary", place ?? ""],
    queryFn: () => api.summary(place),
    refetchInterval: LIVE_SECONDS * 1000,
  });
}
