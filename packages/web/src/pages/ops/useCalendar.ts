import { useQuery } from "@tanstack/react-query";
import { api } from "../../api.ts";

/** The working-day calendar's years (`GET /v1/ops/calendar`): a notice is loaded rarely, so once a minute is live. */
export function useCalendar() {
  return useQuery({ queryKey: ["calendar"], queryFn: api.calendar, refetchInterval: 60_000 });
}
