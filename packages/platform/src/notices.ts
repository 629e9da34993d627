/**
 * The notices' part of the composition root (issue 16): the notice use cases over the store and the channels' SNS
 * topics, the sweeper's step (the gateways' receipts, then the due notices), and the API's inbox port.
 */
import type { SNSClient } from "@aws-sdk/client-sns";
import type { NoticeInbox } from "@onething/api";
import type { CaseLogger } from "@onething/cases";
import type { Catalogue } from "@onething/domain";
import {
  type ChannelPort,
  type ChannelTopics,
  createSnsChannels,
  type DeliveryReport,
  deliverDueNotices,
  inboxView,
  type NoticeDeps,
  type NoticeTemplates,
  parseTemplates,
  type RetryPolicy,
} from "@onething/notices";
import { noticeTemplateData } from "@onething/seeds";
import type { CaseStore } from "@onething/store";
import type { ReceiptQueues } from "./notice-receipts.ts";

/** Where notices are published: the SNS client and each channel's topic. Without it nothing is published. */
export interface NoticeChannelsInput {
  readonly sns: SNSClient;
  readonly topics: ChannelTopics;
  readonly retry?: RetryPolicy;
  /** Each channel's receipts queue, drained before the due notices are published. */
  readonly receiptQueues?: ReceiptQueues;
  /** When a receipt that could not be applied yet is received again (default 30 s). */
  readonly receiptRetrySeconds?: number;
  /**
   * Whether the sweeper's tick delivers the due notices (default). The local runtime sets false: it runs one
   * deliverer of its own, a faster tick, and two deliverers would only contend for the same claims.
   */
  readonly deliverOnSweep?: boolean;
}

let templates: NoticeTemplates | undefined;
/** The seed templates, parsed once (checked against the catalogue's bundles by the seeds tests). */
export const noticeTemplates = (): NoticeTemplates => {
  templates ??= parseTemplates(noticeTemplateData);
  return templates;
};

const noChannels: ChannelPort = {
  publish: async () => {
    throw new Error("no notice channels are configured in this function");
  },
};

export function noticeDeps(
  store: CaseStore,
  catalogue: Catalogue,
  log: CaseLogger,
  channels: NoticeChannelsInput | undefined,
): NoticeDeps {
  return {
    repository: store,
    channels: channels ? createSnsChannels(channels.sns, channels.topics) : noChannels,
    templates: noticeTemplates(),
    log,
    bundleName: (bundleId) => {
      try {
        return catalogue.bundle(bundleId).name;
      } catch {
        return undefined;
      }
    },
    ...(channels?.retry ? { retry: channels.retry } : {}),
  };
}

/** The API's inbox: the store's rows, rendered from the templates. */
export function noticeInbox(store: CaseStore, deps: NoticeDeps): NoticeInbox {
  return {
    async list(identity, page) {
      const found = await store.listNoticesOf(identity, page);
      return {
        notices: found.items.map((n) => inboxView(n, deps.templates, deps.bundleName)),
        unread: found.unread,
        ...(found.cursor ? { cursor: found.cursor } : {}),
      };
    },
    async markRead(identity, noticeId, at) {
      const outcome = await store.markNoticeRead(identity, noticeId, at);
      if (outcome === "not_found") return undefined;
      const notice = await store.getNotice(noticeId);
      return { readAt: notice?.readAt ?? at.toISOString() };
    },
  };
}

/** The sweeper, then the notices that are due (first publishes and retries after their backoff). */
export function withNoticeDelivery<E, R extends object>(
  sweeper: (event?: E) => Promise<R>,
  deliver: () => Promise<DeliveryReport>,
  log: CaseLogger,
): (event?: E) => Promise<R & { notices?: DeliveryReport }> {
  return async (event?: E) => {
    const report = await sweeper(event);
    try {
      return { ...report, notices: await deliver() };
    } catch (error) {
      log.error("notice delivery failed; the next tick retries", { error: (error as Error).message });
      return report;
    }
  };
}

export { deliverDueNotices };
