import { ForbiddenError, type Principal } from "@onething/auth";
import type { Bundle, CaseState } from "@onething/domain";

/** The applicant's identity: the resident ID number of a person, or the social credit code of an organisation. */
export function applicantIdentity(
  bundle: Bundle,
  application: { applicant: Record<string, unknown> },
): string {
  const key = bundle.applicantKind === "person" ? "idNumber" : "uscc";
  return String(application.applicant[key] ?? "");
}

/**
 * How a reader sees a case: `full` (the applicant, the filing clerk: everything, the application as submitted),
 * `operator` (every item and entry, the application with its personal data masked), `department` (its own items
 * and entries, no application).
 */
export type CaseAccess = { kind: "full" } | { kind: "operator" } | { kind: "department"; department: string };

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
 * Who may read a case: the applicant, the clerk who filed it, operators, and departments with an item in it
 * (who then see only their own items). Everyone else gets a 403.
 */
export function caseAccess(principal: Principal, state: CaseState, bundle: Bundle): CaseAccess {
  switch (principal.role) {
    case "operator":
      return { kind: "operator" };
    case "citizen":
      if (isApplicant(principal, state, bundle)) return { kind: "full" };
      break;
    case "clerk":
      if (isFilingClerk(principal, state)) return { kind: "full" };
      break;
    case "department":
      if (Object.values(state.items).some((i) => i.department === principal.department && i.attempt > 0)) {
        return { kind: "department", department: principal.department };
      }
      break;
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
 * Who may act on a case for the applicant — supply a supplement (补正), withdraw: the applicant, or the clerk who
 * filed it at the counter. Reading is wider (`caseAccess`): operators see every case but do not act for
 * applicants.
 */
export function assertActsForApplicant(principal: Principal, state: CaseState, bundle: Bundle): void {
  if (isApplicant(principal, state, bundle) || isFilingClerk(principal, state)) return;
  throw new ForbiddenError("only the applicant or the clerk who filed the case may do this");
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
