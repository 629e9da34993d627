import type { pagesZh } from "./pages-zh.ts";

/** Pages a person understands (issue 16), in English: the same keys as `pages-zh.ts`. */
export const pagesEn: typeof pagesZh = {
  progress: {
    label: "Overall progress",
    done: "{{done}} of {{total}} done",
    parts: {
      held: "{{count}} with a department",
      waiting: "{{count}} waiting",
      supplement: "{{count}} waiting for you",
    },
    join: " · ",
    aria: "{{label}}: {{text}}",
  },
  waitsFor: {
    event:
      "Waiting for the {{event}}, at the latest until {{until}}; the case goes on by itself when it comes",
    eventOpen: "Waiting for the {{event}}; the case goes on by itself when it comes",
    items: "Starts once {{items}} is done",
    join: ", ",
  },
  qr: {
    title: "Scan to follow",
    hint: "Scan the code with a phone to follow this case at any time.",
    alt: "QR code of this case's tracking page",
    failed: "The QR code could not be made.",
  },
  timeline: {
    other: "Other record",
    attempt: "attempt {{attempt}}",
    blockedBy: "{{text}} ({{item}}: {{status}})",
    completedBy: "completed by the {{event}} ({{source}})",
    acceptedVisit: "Service confirmed (started by a home visit)",
    acceptedRule: "Service confirmed (offered by the platform under a rule)",
    accepted: "Service confirmed",
  },
  my: { subject: "For" },
  attention: {
    title: "Needs attention",
    allClear: "Nothing needs attention: no overdue items, no dead letters, no stuck cases.",
    overdue: "{{department}}: {{count}} overdue, the latest {{days}} days late",
    overdueAt: "{{department}}: {{count}} overdue",
    overdueCount: "{{count}} items are overdue",
    deadLetters: "{{count}} messages in dead-letter queues ({{queues}})",
    stuck: "{{department}}: {{count}} held items have no deadline and cannot be chased",
    seeOverdue: "See the overdue cases",
  },
  overdue: {
    column: "Overdue items",
    line: "{{item}} · {{department}} · {{days}} days late",
  },
  dlq: { allClear: "Every dead-letter queue is empty: nothing to redrive." },
  application: { empty: "(not filled in)" },
};
