/** The operators' case list: a direct read by case id, or any combination of filters through `searchCases`. */
import { toListEntry } from "@onething/cases";
import { type OpsCaseList, OpsCaseListSchema } from "@onething/contracts";
import { CASE_STATUS_VALUES, type CaseStatus, chinaDate, withinScope } from "@onething/domain";
import {
  type CaseStore,
  type CaseSummary,
  InvalidCursorError,
  InvalidStoreRequestError,
  MAX_PAGE_SIZE,
} from "@onething/store";
import { InvalidOpsQueryError } from "./errors.ts";

/** A combined case search (the API's parsed `OpsCaseListQuerySchema`); every filter optional. */
export interface OpsCaseListQuery {
  caseId?: string;
  status?: string;
  bundleId?: string;
  department?: string;
  /** Beijing days (yyyy-mm-dd), inclusive, of the submission. */
  from?: string;
  to?: string;
  overdue?: boolean;
  /** Only cases placed or received within this jurisdiction (a scoped operator); absent, every case. */
  scope?: { jurisdiction: string; path: string };
  limit: number;
  cursor?: string;
}

const isCaseStatus = (s: string): s is CaseStatus => (CASE_STATUS_VALUES as readonly string[]).includes(s);

const within = (path: string | undefined, scopePath: string) =>
  path !== undefined && withinScope(path, scopePath);

const matchesCase = (summary: CaseSummary, query: OpsCaseListQuery): boolean => {
  const day = chinaDate(new Date(summary.submittedAt));
  const scope = query.scope;
  return (
    (scope === undefined ||
      within(summary.placePath, scope.path) ||
      within(summary.receivedPath, scope.path)) &&
    (query.status === undefined || summary.status === query.status) &&
    (query.bundleId === undefined || summary.bundleId === query.bundleId) &&
    (query.overdue === undefined || (summary.overdue ?? false) === query.overdue) &&
    (query.from === undefined || day >= query.from) &&
    (query.to === undefined || day <= query.to)
  );
};

export async function listOpsCases(
  store: Pick<CaseStore, "searchCases" | "getCaseSummary" | "getCase">,
  bundleIds: readonly string[],
  query: OpsCaseListQuery,
): Promise<OpsCaseList> {
  if (!Number.isInteger(query.limit) || query.limit < 1 || query.limit > MAX_PAGE_SIZE)
    throw new InvalidOpsQueryError(`limit must be 1 to ${MAX_PAGE_SIZE}`);
  if (query.status !== undefined && !isCaseStatus(query.status))
    throw new InvalidOpsQueryError(`unknown status ${query.status}`);
  if (query.caseId !== undefined) return byCaseId(store, query.caseId, query);
  try {
    const page = await store.searchCases({
      limit: query.limit,
      bundleIds,
      ...(query.status ? { status: query.status as CaseStatus } : {}),
      ...(query.bundleId ? { bundleId: query.bundleId } : {}),
      ...(query.department ? { department: query.department } : {}),
      ...(query.from ? { fromDay: query.from } : {}),
      ...(query.to ? { toDay: query.to } : {}),
      ...(query.overdue !== undefined ? { overdue: query.overdue } : {}),
      ...(query.scope ? { scope: query.scope } : {}),
      ...(query.cursor ? { cursor: query.cursor } : {}),
    });
    return OpsCaseListSchema.parse({
      cases: page.items.map(toListEntry),
      ...(page.cursor ? { cursor: page.cursor } : {}),
    });
  } catch (error) {
    if (error instanceof InvalidCursorError || error instanceof InvalidStoreRequestError)
      throw new InvalidOpsQueryError(error.message);
    throw error;
  }
}

/** A direct read; the other filters must match too. One entry at most, so never a cursor. */
async function byCaseId(
  store: Pick<CaseStore, "getCaseSummary" | "getCase">,
  caseId: string,
  query: OpsCaseListQuery,
): Promise<OpsCaseList> {
  if (query.cursor !== undefined) throw new InvalidOpsQueryError("a case id search has no further pages");
  const summary = await store.getCaseSummary(caseId);
  const department = query.department;
  let openAtDepartment = true;
  if (summary && department !== undefined) {
    const stored = await store.getCase(summary.caseId);
    openAtDepartment = Object.values(stored?.state.items ?? {}).some(
      (item) => item.department === department && item.status === "dispatched",
    );
  }
  const hit = summary && openAtDepartment && matchesCase(summary, query);
  return OpsCaseListSchema.parse({ cases: hit ? [toListEntry(summary)] : [] });
}
