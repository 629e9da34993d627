import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api } from "../../api.ts";
import { QueryState } from "../../components/QueryState.tsx";
import { dateTime } from "../../format.ts";
import { noticeReasonKey } from "../../notice-reasons.ts";
import type { NoticeView } from "../../types.ts";

/** One channel's delivery in words: state, and why it failed. */
function ChannelState({
  channel,
  c,
}: {
  channel: "sms" | "push";
  c: NonNullable<NoticeView["channels"]["sms"]>;
}) {
  const { t, i18n } = useTranslation();
  const reason = c.reason ? t(noticeReasonKey(c.reason)) : undefined;
  return (
    <li data-channel={channel} data-state={c.state}>
      <span>{t(`notices.channel.${channel}`)}</span>: <strong>{t(`notices.state.${c.state}`)}</strong>
      {c.at && <span className="muted"> · {dateTime(c.at, i18n.language)}</span>}
      {c.state === "failed" && reason && <span> · {reason}</span>}
    </li>
  );
}

function NoticeCard({ notice }: { notice: NoticeView }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const read = useMutation({
    mutationFn: () => api.readNotice(notice.noticeId),
    onSuccess: () => client.invalidateQueries({ queryKey: ["notices"] }),
  });
  const text = i18n.language === "en" ? notice.text.en : notice.text.zh;
  const unread = !notice.readAt;
  const titleId = `notice-${notice.noticeId}-title`;
  return (
    <article
      className={`panel notice${unread ? " unread" : ""}`}
      aria-labelledby={titleId}
      data-notice={notice.noticeId}
      data-kind={notice.kind}
      data-case={notice.caseId}
    >
      <h2 id={titleId}>
        {unread && <span className="badge">{t("notices.unread")}</span>} {text.what}
      </h2>
      <dl className="facts">
        <dt>{t("notices.next")}</dt>
        <dd>{text.next}</dd>
        <dt>{t("notices.by")}</dt>
        <dd>{text.by}</dd>
        <dt>{t("notices.receivedAt")}</dt>
        <dd>{dateTime(notice.createdAt, i18n.language)}</dd>
      </dl>
      <p className="muted">{t("notices.channelsLabel")}</p>
      <ul className="channels">
        {(["sms", "push"] as const).map((channel) => {
          const c = notice.channels[channel];
          return c ? <ChannelState key={channel} channel={channel} c={c} /> : null;
        })}
      </ul>
      <p>
        {notice.caseId && (
          <Link to={`/my/cases/${notice.caseId}`}>{t("notices.openCase", { caseId: notice.caseId })}</Link>
        )}
        {notice.offerId && <Link to="/offers">{t("notices.openOffers")}</Link>}{" "}
        {unread ? (
          <button type="button" onClick={() => read.mutate()} disabled={read.isPending}>
            {t("notices.markRead")}
          </button>
        ) : (
          <span className="muted">{t("notices.read")}</span>
        )}
      </p>
    </article>
  );
}

/** 我的消息: every notice to the signed-in citizen, newest first, with its delivery on SMS and app push. */
export function Messages() {
  const { t } = useTranslation();
  const notices = useInfiniteQuery({
    queryKey: ["notices", "inbox"],
    queryFn: ({ pageParam }) => api.notices(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.cursor,
    refetchInterval: 5_000,
  });
  const all = notices.data?.pages.flatMap((p) => p.notices) ?? [];
  return (
    <section className="messages">
      <h1>{t("notices.title")}</h1>
      <p>{t("notices.intro")}</p>
      <QueryState loading={notices.isPending} error={notices.error} />
      {notices.isSuccess && all.length === 0 && <p>{t("notices.empty")}</p>}
      <div className="notice-list">
        {all.map((n) => (
          <NoticeCard key={n.noticeId} notice={n} />
        ))}
      </div>
      {notices.hasNextPage && (
        <button type="button" onClick={() => void notices.fetchNextPage()}>
          {t("common.more")}
        </button>
      )}
    </section>
  );
}
