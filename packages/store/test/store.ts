/**
 * What the store's integration tests share: a store over a table of the test file's own (dropped after the file),
 * unique ids, a commit of a whole state, and paging to the end.
 */
import { randomUUID } from "node:crypto";
import type { CommitInput, StoredCase } from "@onething/cases";
import type { CaseState } from "@onething/domain";
import { afterAll } from "vitest";
import { type CaseStore, createCaseStore, type Page } from "../src/index.ts";
import { createTestTable, type TestTable } from "./dynamo.ts";

export const TEST_APPLICANT_INDEX_KEY = "test-applicant-index-key-0123456789abcdef";

export interface TestStore {
  table: TestTable;
  store: CaseStore;
  /** `commitCase` on this store. */
  submit(next: CaseState, input?: Partial<Omit<CommitInput, "next">>): Promise<StoredCase>;
}

/**
 * A keyed store on a new table, dropped when the file's tests are done. Call it at the top of the file:
 * `const { store, submit } = await useTestStore("lists");`
 */
export async function useTestStore(label: string): Promise<TestStore> {
  const table = await createTestTable(label);
  afterAll(() => table.drop());
  const store = createCaseStore({
    applicantIndexKey: TEST_APPLICANT_INDEX_KEY,
    client: table.client,
    tableName: table.tableName,
  });
  return { table, store, submit: (next, input = {}) => commitCase(store, next, input) };
}

export const unique = (label: string) => `${label}-${randomUUID().slice(0, 8)}`;
export const at = (iso: string) => new Date(iso);

/**
 * Commits `next` as it is (by default as the submission that creates it: event `submit-<caseId>` at its
 * `submittedAt`, nothing in its timeline or outbox) and returns it with its new version.
 */
export async function commitCase(
  store: CaseStore,
  next: CaseState,
  input: Partial<Omit<CommitInput, "next">> = {},
): Promise<StoredCase> {
  const { version } = await store.commitDecision({
    eventId: `submit-${next.caseId}`,
    timeline: [],
    outbox: [],
    now: new Date(next.submittedAt),
    ...input,
    next,
  });
  return { state: next, version };
}

/** Every page of a list, following its cursor (at most `maxPages`, so a cursor that never ends fails the test). */
export async function allPages<T>(
  fetch: (cursor: string | undefined) => Promise<Page<T>>,
  maxPages = 50,
): Promise<T[][]> {
  const pages: T[][] = [];
  let cursor: string | undefined;
  do {
    const page = await fetch(cursor);
    pages.push(page.items);
    cursor = page.cursor;
  } while (cursor && pages.length < maxPages);
  return pages;
}
