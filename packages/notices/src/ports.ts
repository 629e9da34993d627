import type { ChannelDelivery, DeliveryChannel, Notice } from "./delivery.ts";

/** Which 送达率 counter a channel change moves (sent on publish, delivered/failed on the outcome). */
export type DeliveryMetric = "sent" | "delivered" | "failed";

/** One channel change to store: the channel as read (`from`, the condition) and as it becomes (`to`). */
export interface ChannelChange {
  noticeId: string;
  channel: DeliveryChannel;
  from: ChannelDelivery;
  to: ChannelDelivery;
  /** The notice's next due time after the change (its retry index entry), or none. */
  nextDue: string | undefined;
  /** The counters of the notice's bundle and place that the change moves. */
  metrics: DeliveryMetric[];
  bundleId: string;
  place: string;
  /** Every channel is final after the change: the phone is removed from the row in the same write. */
  dropPhone: boolean;
}

/** The notices' storage (`@onething/store` over DynamoDB). */
export interface NoticeRepository {
  getNotice(noticeId: string): Promise<Notice | undefined>;
  /** Notices with a pending channel due at or before `now`, earliest first. */
  listDueNotices(now: Date, limit: number): Promise<Notice[]>;
  /**
   * Stores one channel change if the channel is still as read (`from`); false if another writer changed it first
   * (a redelivered receipt, a concurrent claim), which changes nothing. A transaction conflict (the shared counter)
   * is retried; only a table that stays unavailable throws.
   */
  updateChannel(change: ChannelChange): Promise<boolean>;
}

/** What a channel's topic carries: the gateway behind it delivers it and reports a receipt. */
export interface ChannelMessage {
  noticeId: string;
  channel: DeliveryChannel;
  attempt: number;
  /** The phone number (sms) or the addressee's hash (push: the app's account key). */
  to: string;
  text: { zh: string; en: string };
}

/** Publishes a notice on a channel; throws when the topic refuses it (throttled, unavailable) or gives no id. */
export interface ChannelPort {
  publish(message: ChannelMessage): Promise<{ messageId: string }>;
}

export interface NoticeLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
}
