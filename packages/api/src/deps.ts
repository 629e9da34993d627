import type { ClaimMap, DepartmentClients } from "@onething/auth";
import type {
  CalendarImportDeps,
  CalendarSource,
  CaseLogger,
  CaseTimelineEntry,
  DepartmentPullDeps,
  IngestDeps,
  ResultDeps,
  Scope,
  SubmitDeps,
  WebhookDeps,
} from "@onething/cases";
import type { DeadLetterList, NoticeList } from "@onething/contracts";
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

/** The citizen's inbox (我的消息): `@onething/notices` over the store, built by the composition root. */
export interface NoticeInbox {
  /** The notices addressed to an identity (ID number or USCC), newest first, and how many are unread. */
  list(identity: string, page: { limit: number; cursor?: string }): Promise<NoticeList>;
  /** Marks the identity's own notice read (the first time stands); undefined when it has no such notice. */
  markRead(identity: string, noticeId: string, at: Date): Promise<{ readAt: string } | undefined>;
}

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
  /** The inbox routes' port (issue 16); without it they answer 404 `unknown_notice`. */
  notices?: NoticeInbox;
  /** The stage's claim map for an external issuer's tokens (`principalFromClaims`); absent: the default mapping. */
  claimMap?: ClaimMap | undefined;
  /** Push (issue 17): the offices' registrations, and a look into a dead-letter queue; absent, the routes answer 503. */
  webhooks?: Omit<WebhookDeps, "catalogue"> & { peekDeadLetters(queue: string): Promise<DeadLetterList> };
  /** Client-credentials clients → department offices (the stage's `DEPARTMENT_CLIENTS`); absent: none. */
  departmentClients?: DepartmentClients | undefined;
  /** The department queues for the pull routes (issue 17); without them those routes answer 503. */
  departmentPull?: DepartmentPullDeps | undefined;
}
