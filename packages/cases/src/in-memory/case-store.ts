import { isClosed } from "@onething/domain";
import type {
  CaseRepository,
  CaseTimelineEntry,
  CommitInput,
  OutboxMessage,
  ReadTimeline,
  StoredCase,
} from "../ports.ts";
import {
  EventAlreadyProcessedError,
  SubjectCaseOpenError,
  VersionConflictError,
} from "../repository-errors.ts";

/** The messages one committed event caused, until they are marked sent. */
export interface InMemoryOutboxEntry {
  caseId: string;
  eventId: string;
  createdAt: string;
  messages: OutboxMessage[];
  sentAt?: string;
}

/** The case repository in memory, with the reads the store offers beside it (markers, outbox, timeline). */
export interface InMemoryCaseStore extends CaseRepository {
  hasProcessed(caseId: string, eventId: string): Promise<boolean>;
  /** Outbox entries not yet marked sent, oldest first. */
  listPendingOutbox(): Promise<InMemoryOutboxEntry[]>;
  readTimeline: ReadTimeline;
}

const keyOf = (caseId: string, eventId: string) => `${caseId}\u0000${eventId}`;

/**
 * The store's contract without DynamoDB, for the use cases' tests: a commit checks the processed-event marker
 * first (`EventAlreadyProcessedError`), then the version (`VersionConflictError`), then a new case's exclusive
 * subject (`SubjectCaseOpenError`), and writes the case, its timeline, its outbox entry, the marker and the
 * subject's open-case claim together or not at all. Values are copied in and out, so a caller
 * never holds the stored objects.
 *
 * @example
 * const cases = createInMemoryCaseStore();
 * await applyCaseEvent({ ...deps, cases }, event, now);
 * expect(await cases.listPendingOutbox()).toEqual([]);
 */
export function createInMemoryCaseStore(): InMemoryCaseStore {
  const cases = new Map<string, StoredCase>();
  const processed = new Set<string>();
  const outbox = new Map<string, InMemoryOutboxEntry>();
  const timelines = new Map<string, { sortKey: string; entries: CaseTimelineEntry[] }[]>();
  /** `<bundle>\0<identity>` → the open case holding it. */
  const openCases = new Map<string, string>();

  const claimSubject = ({ previous, next, subjects }: CommitInput) => {
    if (!subjects?.exclusive) return;
    const key = keyOf(next.bundleId, subjects.exclusive);
    const holder = openCases.get(key);
    if (!previous && holder !== undefined && holder !== next.caseId)
      throw new SubjectCaseOpenError(next.bundleId, holder);
    if (!previous) openCases.set(key, next.caseId);
    else if (isClosed(next) && holder === next.caseId) openCases.delete(key);
  };

  const commit = (input: CommitInput) => {
    const { previous, next, eventId, timeline, outbox: messages, now } = input;
    const { caseId } = next;
    if (previous && previous.state.caseId !== caseId)
      throw new Error(`previous state is case ${previous.state.caseId}, next is ${caseId}`);
    if (processed.has(keyOf(caseId, eventId))) throw new EventAlreadyProcessedError(caseId, eventId);
    const current = cases.get(caseId);
    if (previous ? current?.version !== previous.version : current !== undefined)
      throw new VersionConflictError(caseId, previous?.version);
    claimSubject(input);
    const at = now.toISOString();
    const version = (previous?.version ?? 0) + 1;
    cases.set(caseId, structuredClone({ state: next, version }));
    processed.add(keyOf(caseId, eventId));
    if (timeline.length > 0) {
      const rows = timelines.get(caseId) ?? [];
      rows.push({ sortKey: `${at}#${eventId}`, entries: structuredClone(timeline) });
      timelines.set(caseId, rows);
    }
    if (messages.length > 0)
      outbox.set(keyOf(caseId, eventId), {
        caseId,
        eventId,
        createdAt: at,
        messages: structuredClone(messages),
      });
    return { version };
  };

  return {
    getCase: async (caseId) => structuredClone(cases.get(caseId)),
    commitDecision: async (input) => commit(input),
    async markOutboxSent(caseId, eventId, at) {
      const entry = outbox.get(keyOf(caseId, eventId));
      if (!entry) throw new Error(`no outbox entry for event ${eventId} of case ${caseId}`);
      // Idempotent, like the store's: two senders racing keep the first mark.
      entry.sentAt ??= at.toISOString();
    },
    hasProcessed: async (caseId, eventId) => processed.has(keyOf(caseId, eventId)),
    listPendingOutbox: async () =>
      structuredClone(
        [...outbox.values()]
          .filter((entry) => entry.sentAt === undefined)
          .sort((a, b) => a.createdAt.localeCompare(b.createdAt)),
      ),
    readTimeline: async (caseId) =>
      structuredClone(
        [...(timelines.get(caseId) ?? [])]
          .sort((a, b) => a.sortKey.localeCompare(b.sortKey))
          .flatMap((row) => row.entries),
      ),
  };
}
