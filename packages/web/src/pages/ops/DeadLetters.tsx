import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api } from "../../api.ts";
import { DataTable } from "../../components/DataTable.tsx";
import { ErrorMessage } from "../../components/ErrorMessage.tsx";
import { Section } from "../../components/Section.tsx";
import type { OpsSummary } from "../../types.ts";
import { DeadLetterReasons } from "./DeadLetterReasons.tsx";

/** Depth of every dead-letter queue, with a redrive back to its source queue for the non-empty ones. */
export function DeadLetters({ queues }: { queues: OpsSummary["deadLetters"] }) {
  const { t } = useTranslation();
  return (
    <Section id="dlq" title={t("ops.deadLetters")} className="panel">
      {queues.every((q) => q.depth === 0) && (
        <p className="all-clear" data-testid="dlq-clear">
          {t("pages.dlq.allClear")}
        </p>
      )}
      <DataTable
        columns={[
          { key: "queue", header: t("ops.queue"), rowHeader: true, cell: (q) => q.queue },
          { key: "depth", header: t("ops.depth"), className: "num", cell: (q) => q.depth },
          {
            key: "why",
            header: t("ops.dlqWhy"),
            cell: (q) => <DeadLetterReasons queue={q.queue} depth={q.depth} />,
          },
          {
            key: "redrive",
            header: <span className="visually-hidden">{t("ops.redrive")}</span>,
            cell: (q) => <Redrive queue={q.queue} depth={q.depth} />,
          },
        ]}
        rows={queues}
        rowKey={(q) => q.queue}
        rowProps={(q) => ({ className: q.depth > 0 ? "alert" : undefined, "data-queue": q.queue })}
      />
    </Section>
  );
}

/** A non-empty queue's Redrive button, then what it moved (or why it could not). */
function Redrive({ queue, depth }: { queue: string; depth: number }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const redrive = useMutation({
    mutationFn: () => api.redrive(queue),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["summary"] }),
  });
  return (
    <>
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
    </>
  );
}
