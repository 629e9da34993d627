import type { ClaimMap } from "@onething/auth";
import type {
  CalendarImportDeps,
  CalendarSource,
  CaseLogger,
  CaseTimelineEntry,
  IngestDeps,
  ResultDeps,
  Scope,
  SubmitDeps,
} from "@onething/cases";
import type { Ops } from "@onething/ops";
import type { CaseOwner, CaseSummary, Page } from "@onething/store";

/** The summary of a scope (the caller's), or of a place within it. */
export interface OpsSummaryRequest {
  scope: Scope;
  place?: string;
}

/** What the operator routes call: the operator port of `@onething/ops` (counters and GSIs, never a scan; SQS). */
export type OpsPort = Pick<Ops, "listCases" | "redrive" | "reveal"> & {
  summary(request: OpsSummaryRequest): ReturnType<Ops["summary"]>;
};

/** Everything the API's routes use, built once by the composition root. */
export interface ApiDeps extends Omit<SubmitDeps, "registry">, ResultDeps, IngestDeps {
  timeline(caseId: string): Promise<CaseTimelineEntry[]>;
  /** A citizen's or clerk's own cases, newest submission first (the store's gsi4). */
  listOwnCases(query: { owner: CaseOwner; limit: number; cursor?: string }): Promise<Page<CaseSummary>>;
  ops: OpsPort;
  clock: () => Date;
  newCaseId: () => string;
  hash: (text: string) => string;
  log: CaseLogger;
  /** The working-day calendar (seeds and loaded notices) and where loaded notices are stored. */
  calendars: CalendarSource;
  calendarNotices: CalendarImportDeps["calendarNotices"];
  /** Every department of the registry (a loaded notice's revision walks each one's open items). */
  departments: readonly string[];
  /** The stage's claim map for an external issuer's tokens (`principalFromClaims`); absent: the default mapping. */
  claimMap?: ClaimMap | undefined;
}
