import type { statusZh } from "./status-zh.ts";

/** Task status, transfer and escalation in English: the same keys as `status-zh.ts`. */
export const statusEn: typeof statusZh = {
  kinds: {
    item_accepted: "Accepted by the department",
    item_in_progress: "Being worked on, the department reports",
    item_transferred: "Transferred to another office",
    item_escalated: "Escalated again",
  },
  accepted: "Accepted by the department",
  inProgress: "Being worked on, the department reports",
  expectedBy: "expected by {{date}}",
  transferred: "Transferred from {{from}} to {{to}}",
  transfer: "from {{from}} to {{to}}",
  escalatedTo: "Escalated to {{department}} ({{office}})",
  escalatedAgain: "Escalated again to {{department}} ({{office}})",
  escalation: "escalated to {{department}} ({{office}})",
  join: "; ",
};
