export abstract class AuthError extends Error {
  abstract readonly code: string;
  abstract readonly status: 401 | 403;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** No credentials, or credentials that do not verify. */
export class UnauthenticatedError extends AuthError {
  readonly code = "unauthenticated";
  readonly status = 401;
}

/** Verified, but this principal may not do this. */
export class ForbiddenError extends AuthError {
  readonly code = "forbidden";
  readonly status = 403;
}

/** A task token whose signature does not verify (forged or corrupted). */
export class ForgedTaskTokenError extends AuthError {
  readonly code = "task_token_invalid";
  readonly status = 401;
}
