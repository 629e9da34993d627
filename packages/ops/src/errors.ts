/**
 * An operator request the port refuses; `status` and `code` become the HTTP answer (the API maps every
 * subclass). Anything else thrown by the port is a fault (a 500 the operator may retry).
 */
export class OpsRequestError extends Error {
  readonly status: 400 | 403 | 404;
  readonly code: string;
  constructor(status: 400 | 403 | 404, code: string, message: string) {
    super(message);
    this.name = new.target.name;
    this.status = status;
    this.code = code;
  }
}

/** `POST /v1/ops/dead-letters/{queue}/redrive` named no queue of the topology. */
export class UnknownQueueError extends OpsRequestError {
  readonly queue: string;
  readonly known: readonly string[];
  constructor(queue: string, known: readonly string[]) {
    super(404, "unknown_queue", `no queue ${queue}; known: ${known.join(", ")}`);
    this.queue = queue;
    this.known = known;
  }
}

/** A case list query the store cannot serve: two filters, an unknown status, a foreign or broken cursor. */
export class InvalidOpsQueryError extends OpsRequestError {
  constructor(message: string) {
    super(400, "invalid_query", message);
  }
}

/** A reveal without the operator's `reveal` permission. */
export class RevealNotPermittedError extends OpsRequestError {
  constructor() {
    super(403, "forbidden", "revealing an application needs the operator permission 'reveal'");
  }
}

/** The named case does not exist. */
export class CaseNotFoundError extends OpsRequestError {
  constructor(caseId: string) {
    super(404, "unknown_case", `no case ${caseId}`);
  }
}
