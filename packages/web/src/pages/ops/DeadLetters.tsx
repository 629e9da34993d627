import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api } from "../../api.ts";
import { ErrorMessage } from "../../components/ErrorMessage.tsx";
import type { OpsSummary } from "../../types.ts";

/** Depth of every dead-letter queue, with a redrive back to its source queue for the non-empty ones. */
export function DeadLetters({ queues }: { queues: OpsSummary["deadLetters"] }) {
  const { t } = useTranslation();
  return (
    <section className="panel" aria-labelledby="dlq-title">
      <h2 id="dlq-title">{t("ops.deadLetters")}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{t("ops.queue")}</th>
            <th scope="col">{t("ops.depth")}</th>
            <th scope="col">
              <span className="visually-hidden">{t("ops.redrive")}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {queues.map((q) => (
            <DeadLetterRow key={q.queue} queue={q.queue} depth={q.depth} />
          ))}
        </tbody>
      </table>
    </section>
  );
}

function DeadLetterRow({ queue, depth }: { queue: string; depth: number }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const redrive = useMutation({
    mutationFn: () => api.redrive(queue),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["summary"] }),
  });
  return (
    <tr className={depth > 0 ? "alert" : undefined} data-queue={queue}>
      <th scope="row">{queue}</th>
      <td className="num">{depth}</td>
      <td>
        {depth > 0 && (
          <button
            type="button"
            aria-label={`${t("ops.redrive")} ${queue}`}
            disabled={redrive.isPending}
            onClick={() => redrive.mutate()}
          >
            {t("ops.redrive")}
          </button>
        )}
        {redrive.data && (
          <span role="status">
            {" "}
            {t("ops.redriven", { moved: redrive.data.moved })}
            {redrive.data.failed > 0 && <> · {t("ops.redriveFailed", { failed: redrive.data.failed })}</>}
          </span>
        )}
        {redrive.error && (
          <>
            {" "}
            <ErrorMessage error={redrive.error} inline />
          </>
        )}
      </td>
    </tr>
  );
}
