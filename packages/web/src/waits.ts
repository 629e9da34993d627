/**
 * The engine's wait entries, read for the timeline: `item_waiting` (`waiting for ChildBorn until <instant>`),
 * `item_wait_timed_out` (`no ChildBorn by <instant>`), and a wait's `item_completed` (`by ChildBorn from <source>
 * (<event id>)`). Undefined for any other entry, which keeps its recorded words.
 */
export type WaitEntry =
  | { waiting: { event: string; until: string } }
  | { timedOut: { event: string; until: string } }
  | { completedBy: { event: string; source: string; eventId: string } };

export function waitEntry(kind: string, detail: string | undefined): WaitEntry | undefined {
  if (!detail) return undefined;
  if (kind === "item_waiting") {
    const m = /^waiting for (\w+) until (\S+)$/.exec(detail);
    return m?.[1] && m[2] ? { waiting: { event: m[1], until: m[2] } } : undefined;
  }
  if (kind === "item_wait_timed_out") {
    const m = /^no (\w+) by (\S+)$/.exec(detail);
    return m?.[1] && m[2] ? { timedOut: { event: m[1], until: m[2] } } : undefined;
  }
  if (kind === "item_completed") {
    const m = /^by (\w+) from (\S+) \((.+)\)$/.exec(detail);
    return m?.[1] && m[2] && m[3] ? { completedBy: { event: m[1], source: m[2], eventId: m[3] } } : undefined;
  }
  return undefined;
}
