import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api } from "../../api.ts";
import type { DeadLetterList } from "../../types.ts";

type Message = DeadLetterList["messages"][number];
const KNOWN_REASONS = ["delivery-failed", "schema-mismatch", "invalid-json", "refused", "lease"];
const KNOWN_FAILURES = [
  "timeout",
  "connection_refused",
  "connection_reset",
  "host_not_found",
  "address_not_public",
  "tls_error",
  "network_error",
];

/** A dead letter's reason in words: a webhook's last failure and its attempts (`status_503 after 8 attempts`). */
function useWords() {
  const { t } = useTranslation();
  return (m: Message): string => {
    const reason = t(`ops.dlqReason.${KNOWN_REASONS.includes(m.reason ?? "") ? m.reason : "unknown"}`);
    const detail = /^(\w+) after (\d+) attempts$/.exec(m.detail ?? "");
    if (m.reason !== "delivery-failed" || !detail) return reason;
    const [, code = "", attempts = ""] = detail;
    const status = /^status_(\d{3})$/.exec(code)?.[1];
    const failure = status
      ? t("ops.dlqFailure.status", { status })
      : t(`ops.dlqFailure.${KNOWN_FAILURES.includes(code) ? code : "network_error"}`);
    return t("ops.dlqReasonWithDetail", { reason, detail: t("ops.dlqAfterAttempts", { failure, attempts }) });
  };
}

/** Why a non-empty dead-letter queue's messages are there: each distinct reason once, with how many. */
export function DeadLetterReasons({ queue, depth }: { queue: string; depth: number }) {
  const words = useWords();
  const look = useQuery({
    queryKey: ["dead-letters", queue, depth],
    queryFn: () => api.deadLetters(queue),
    enabled: depth > 0,
  });
  if (depth === 0 || !look.data) return null;
  const counts = new Map<string, number>();
  for (const m of look.data.messages) counts.set(words(m), (counts.get(words(m)) ?? 0) + 1);
  return (
    <ul className="dlq-reasons" data-testid={`dlq-reasons-${queue}`}>
      {[...counts].map(([text, n]) => (
        <li key={text}>
          {text}
          {n > 1 ? ` ×${n}` : ""}
        </li>
      ))}
    </ul>
  );
}
