/**
 * The subject registry's port beyond case links: persons' entitlements (benefits and enrolments held at a
 * department), the death record, and the claims that make every data event take effect once.
 */

export const ENTITLEMENT_STATUSES = ["active", "stopping", "ended"] as const;
export type EntitlementStatus = (typeof ENTITLEMENT_STATUSES)[number];

/** Where an entitlement's current state comes from: a case's item, or a source system's event. */
export type EntitlementSource =
  | { kind: "case"; caseId: string; itemId: string }
  | { kind: "event"; source: string; sourceEventId: string };

export interface EntitlementHolder {
  idNumber: string;
  name?: string;
}

/** One benefit one person holds (or held) at one department. */
export interface EntitlementRecord {
  benefit: string;
  department: string;
  status: EntitlementStatus;
  holder: EntitlementHolder;
  /** The day it started, when known (a roster's `since`; the day the granting item completed). */
  since?: string;
  /** The case whose item is stopping it, while `stopping`. */
  stopCaseId?: string;
  endedAt?: string;
  /** What ended it: the first end wins, a later one changes nothing. */
  endedBy?: EntitlementSource;
  source: EntitlementSource;
  /** Set while the holder is recorded dead and the entitlement is not ended (the overview counts them). */
  holderDead?: boolean;
  updatedAt: string;
}

/**
 * A change a case's item makes (`entitlementChangesOf`), applied after the case's commit through its outbox:
 * `stopping` only from active, `end` only once and only of what the registry holds (a stop item lists every benefit
 * it may stop), `restore` only the case's own stop, `grant` only where nothing is active. Each is one conditional write, so a resend changes nothing.
 */
export interface CaseEntitlementChange {
  benefit: string;
  department: string;
  change: "grant" | "stopping" | "end" | "restore";
  itemId: string;
  holder: EntitlementHolder;
  /**
   * The case place's path: a grant files the entitlement under it, so a department office reads the roster of its
   * scope (`departmentEntitlements({ officePath })`). Absent for cases older than places.
   */
  placePath?: string;
}

/** What a source system's roster says happened: the same guards as a case's changes. */
export interface RosterEntitlementChange {
  benefit: string;
  department: string;
  change: "grant" | "end";
  /** The roster's date: `since` of a grant, `endedOn` of an end. */
  on: string;
  holder: EntitlementHolder;
}

/** The person's death as the registry first recorded it; a later record of the same death changes nothing. */
export interface DeathRecord {
  diedOn: string;
  recordedAt: string;
  /** `<source>:<sourceEventId>` of the event that recorded it. */
  recordedBy: string;
}

/** A data event as claimed: `hash` is of its canonical body, so a reused id with another body is refused. */
export interface DataEventClaim {
  source: string;
  sourceEventId: string;
  type: string;
  hash: string;
}

export interface DataEventOutcome {
  /** What the event did, for the record: the cases it started or touched, and why anything was skipped. */
  summary: string;
  startedCases: string[];
  touchedCases: string[];
  /** The offers its rules made. */
  offers?: string[];
}

export interface DataEventRecord extends DataEventClaim {
  status: "received" | "done";
  receivedAt: string;
  outcome?: DataEventOutcome;
}

export interface EntitlementPage {
  entitlements: EntitlementRecord[];
  cursor?: string;
}

export interface SubjectRegistry {
  /**
   * Claims the event's id; returns the standing record (`received` again after a crash; `done` when replayed), and
   * whether this call made the claim.
   */
  claimDataEvent(claim: DataEventClaim, now: Date): Promise<DataEventRecord & { claimedNow: boolean }>;
  findDataEvent(source: string, sourceEventId: string): Promise<DataEventRecord | undefined>;
  completeDataEvent(claim: DataEventClaim, outcome: DataEventOutcome, now: Date): Promise<void>;
  /** Records the death unless one is recorded; returns the standing record either way. */
  recordDeath(idNumber: string, death: DeathRecord): Promise<DeathRecord>;
  deathOf(idNumber: string): Promise<DeathRecord | undefined>;
  entitlementsOf(idNumber: string): Promise<EntitlementRecord[]>;
  /** A case's changes (from its outbox); each guarded, each idempotent. */
  applyCaseChanges(caseId: string, changes: readonly CaseEntitlementChange[], now: Date): Promise<void>;
  applyRosterChange(
    change: RosterEntitlementChange,
    source: { source: string; sourceEventId: string },
    now: Date,
  ): Promise<void>;
  /** Flags every entitlement of a person not yet ended as held by a dead person. */
  markHolderDead(idNumber: string, now: Date): Promise<void>;
  /** A department's roster: its own entitlements only, by status, a page at a time. */
  departmentEntitlements(
    department: string,
    request: {
      status?: EntitlementStatus;
      benefit?: string;
      /** Only entitlements granted by cases placed within this path (a department office's roster). */
      officePath?: string;
      limit: number;
      cursor?: string;
    },
  ): Promise<EntitlementPage>;
  /** Entitlements not ended whose holder is recorded dead, by department (0 everywhere once stops complete). */
  countEntitlementsOfDead(): Promise<Record<string, number>>;
}

/** A case a person or organisation is linked to, and in which role (the registry's `CASE#` rows). */
export interface SubjectCaseLink {
  caseId: string;
  bundleId: string;
  role: "applicant" | "subject";
  submittedAt: string;
}
export type SubjectCaseList = (identity: string) => Promise<SubjectCaseLink[]>;
