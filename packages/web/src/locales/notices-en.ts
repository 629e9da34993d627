import type { noticesZh } from "./notices-zh.ts";

/** Messages in English: the same keys as `notices-zh.ts` (a missing one fails type-checking). */
export const noticesEn: typeof noticesZh = {
  nav: "Messages",
  badge: "{{count}} unread",
  title: "My messages",
  intro: "Every notice the platform sent you is here, with whether the SMS and the app notification arrived.",
  empty: "No messages.",
  unread: "Unread",
  markRead: "Mark as read",
  read: "Read",
  next: "Next",
  by: "By when",
  openCase: "Open case {{caseId}}",
  openOffers: "See the offers",
  receivedAt: "Sent",
  channelsLabel: "Delivery",
  channel: { sms: "SMS", push: "App notification" },
  state: { pending: "Waiting to be sent", sent: "Sent", delivered: "Delivered", failed: "Not delivered" },
  reason: {
    unreachable: "The phone could not be reached",
    no_device: "The app is not installed or notifications are off",
    no_phone: "The application gave no mobile number",
    other: "Sending failed ({{reason}})",
  },
  delivery: {
    title: "Delivery rate",
    intro:
      "Of the notices sent by SMS and app notification, the share the gateways reported delivered (delivered / sent).",
    bundle: "Service",
    place: "Place",
    sent: "Sent",
    delivered: "Delivered",
    failed: "Not delivered",
    rate: "Delivery rate",
    total: "Total",
    byBundle: "By service",
    byPlace: "By place",
    none: "Nothing sent yet",
  },
};
