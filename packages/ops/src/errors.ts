import { RefusalError } from "@onething/domain";

const STATUS_OF = { invalid: 400, forbidden: 403, not_found: 404 } as const;
type OpsRefusalKind = keyof typeof STATUS_OF;

/**
 * An operator request the port refuses, with its kind (see `RefusalError`); `status` is that kind's HTTP status,
 * kept for the callers that still read it. Anything else thrown by the port is a fault (a 500 the operator may
 * retry).
 */
export class OpsRequestError extends RefusalError {
  override readonly kind: OpsRefusalKind;
  readonly status: (typeof STATUS_OF)[OpsRefusalKind];
  constructor(kind: OpsRefusalKind, code: string, message: string) {
    super(kind, code, message);
    this.kind = kind;
    this.status = STATUS_OF[kind];
  }
}

/** `POST /v1/ops/dead-letters/{queue}/redrive` named no queue of the topology. */
export class UnknownQueueError extends OpsRequestError {
  readonly queue: string;
  readonly known: readonly string[];
  constructor(queue: string, known: readonly string[]) {
    super("not_found", "unknown_queue", `no queue ${queue}; known: ${known.join(", ")}`);
    this.queue = queue;
    this.known = known;
  }
}

/** A case list query the store cannot serve: two filters, an unknown status, a foreign or broken cursor. */
export class InvalidOpsQueryError extends OpsRequestError {
  constructor(message: string) {
    super("invalid", "invalid_query", message);
  }
}

/** A reveal without the operator's `reveal` permission. */
export class RevealNotPermittedError extends OpsRequestError {
  constructor() {
    super("forbidden", "forbidden", "revealing an application needs the operator permission 'reveal'");
  }
}

/** The named case does not exist. */
export class CaseNotFoundError extends OpsRequestError {
  constructor(caseId: string) {
    super("not_found", "unknown_case", `no case ${caseId}`);
  }
}

/** A summary `place` outside the caller's scope. */
export class OutsideScopeError extends OpsRequestError {
  readonly place: string;
  constructor(place: string) {
    super("forbidden", "outside_scope", `place ${place} is outside your scope`);
    this.place = place;
  }
}

/** A summary `place` finer than a town: the per-place counters stop at towns. */
export class PlaceTooFineError extends OpsRequestError {
  readonly place: string;
  constructor(place: string) {
    super("invalid", "place_too_fine", `place ${place} is finer than a town; figures stop at towns`);
    this.place = place;
  }
}

/** A summary `place` the jurisdiction tree does not hold. */
export class UnknownOpsPlaceError extends OpsRequestError {
  readonly place: string;
  constructor(place: string) {
    super("invalid", "unknown_place", `no place ${place} in the jurisdiction tree`);
    this.place = place;
  }
}
