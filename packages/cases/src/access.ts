import { ForbiddenError, type Principal } from "@onething/auth";
import type { Bundle, CaseState, ItemState, Jurisdictions } from "@onething/domain";
import { RequestRefusedError } from "./errors.ts";
import { isPlatformScope, placeWithin, type Scope, scopeOf } from "./scope.ts";

/** The applicant's identity: the resident ID number of a person, or the social credit code of an organisation. */
export function applicantIdentity(
  bundle: Bundle,
  application: { applicant: Record<string, unknown> },
): string {
  const key = bundle.applicantKind === "person" ? "idNumber" : "uscc";
  return String(application.applicant[key] ?? "");
}

/**
 * How a reader sees a case: `full` (the applicant, a clerk of the receiving office: everything, the application as
 * submitted), `operator` (every item and entry, the application with its personal data masked), `department` (its
 * own items — of its office's scope, when it has one — and their entries, no application).
 */
export type CaseAccess =
  | { kind: "full" }
  | { kind: "operator" }
  | { kind: "department"; department: string; officePath?: string };

/** The signed-in citizen is the case's applicant (their ID number, or the organisation they represent). */
function isApplicant(principal: Principal, state: CaseState, bundle: Bundle): boolean {
  if (principal.role !== "citizen") return false;
  const own = [principal.idNumber, principal.uscc].filter(Boolean);
  return own.includes(applicantIdentity(bundle, state.application));
}

/** The signed-in clerk filed the case at the counter. */
const isFilingClerk = (principal: Principal, state: CaseState): boolean =>
  principal.role === "clerk" && state.filedBy.role === "clerk" && state.filedBy.id === principal.subject;

/**
 * A clerk of the receiving office (or above it) acts for the applicant: clerks of one office follow up each
 * other's filings. A case received before places is the filing clerk's alone.
 */
const isReceivingClerk = (principal: Principal, state: CaseState, scope: Scope | undefined): boolean =>
  principal.role === "clerk" &&
  scope !== undefined &&
  (state.receivingOffice ? placeWithin(state.receivingOffice.path, scope) : isFilingClerk(principal, state));

/** The case is placed, or was received, within the scope (an operator's view of it). */
const caseWithin = (state: CaseState, scope: Scope): boolean =>
  placeWithin(state.place?.path, scope) || placeWithin(state.receivingOffice?.path, scope);

/** A department office holds (or held) this item: its department's, sent to an office within its scope. */
export function itemWithinOffice(
  item: Pick<ItemState, "department" | "office">,
  department: string,
  scope: Scope | undefined,
): boolean {
  if (item.department !== department) return false;
  if (!scope || isPlatformScope(scope)) return true;
  return item.office !== undefined && placeWithin(item.office.path, scope);
}

/** Outside the caller's scope a case does not exist for it: the same 404 as a missing one. */
const unknownCase = (state: CaseState) =>
  new RequestRefusedError("not_found", "unknown_case", `no case ${state.caseId}`);

/**
 * Who may read a case: the applicant; clerks of its receiving office (in full) and of its place (masked);
 * operators whose scope holds its place or receiving office; department offices with an item of theirs in it (who
 * then see only those items). A scoped principal outside the case's places gets the 404 of a missing case; a
 * citizen who is not the applicant, or a platform-wide department without an item, a 403.
 */
export function caseAccess(
  principal: Principal,
  state: CaseState,
  bundle: Bundle,
  places: Jurisdictions,
): CaseAccess {
  const scope = scopeOf(principal, places);
  switch (principal.role) {
    case "operator":
      if (scope && caseWithin(state, scope)) return { kind: "operator" };
      throw unknownCase(state);
    case "citizen":
      if (isApplicant(principal, state, bundle)) return { kind: "full" };
      break;
    case "clerk":
      if (isReceivingClerk(principal, state, scope)) return { kind: "full" };
      if (scope && !isPlatformScope(scope) && placeWithin(state.place?.path, scope))
        return { kind: "operator" };
      throw unknownCase(state);
    case "department": {
      const mine = Object.values(state.items).some(
        (i) => i.attempt > 0 && itemWithinOffice(i, principal.department, scope),
      );
      if (mine)
        return {
          kind: "department",
          department: principal.department,
          ...(scope && !isPlatformScope(scope) ? { officePath: scope.path } : {}),
        };
      if (scope && !isPlatformScope(scope)) throw unknownCase(state);
      break;
    }
    case "source":
      // A source system sends data events; it reads no case.
      break;
    default: {
      const never: never = principal;
      throw new ForbiddenError(`unknown principal ${String(never)}`);
    }
  }
  throw new ForbiddenError("this case is not yours to see");
}

/**
 * Who may act on a case for the applicant — supply a supplement (补正), withdraw: the applicant, or a clerk of the
 * receiving office. Reading is wider (`caseAccess`): operators see cases of their scope but do not act for
 * applicants. A clerk who may not even read the case is told it does not exist.
 */
export function assertActsForApplicant(
  principal: Principal,
  state: CaseState,
  bundle: Bundle,
  places: Jurisdictions,
): void {
  if (isApplicant(principal, state, bundle)) return;
  if (principal.role === "clerk") {
    const scope = scopeOf(principal, places);
    if (isReceivingClerk(principal, state, scope)) return;
    if (!scope || isPlatformScope(scope) || !placeWithin(state.place?.path, scope)) throw unknownCase(state);
  }
  throw new ForbiddenError("only the applicant or a clerk of the receiving office may do this");
}

/** A citizen applies only as themself (or for the organisation their account represents); a clerk for anyone. */
export function assertMayApply(
  principal: Principal,
  bundle: Bundle,
  applicant: Record<string, unknown>,
): void {
  if (principal.role === "clerk") return;
  if (principal.role !== "citizen")
    throw new ForbiddenError(`a ${principal.role} cannot submit applications`);
  const identity = applicantIdentity(bundle, { applicant });
  const own = bundle.applicantKind === "person" ? principal.idNumber : principal.uscc;
  if (!own || identity !== own) {
    throw new ForbiddenError(
      bundle.applicantKind === "person"
        ? "applicant.idNumber must be the ID number of the signed-in citizen"
        : "applicant.uscc must be the organisation the signed-in account represents",
    );
  }
}
