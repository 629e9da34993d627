import { RefusalError } from "@onething/domain";

/** Who is calling, or whether they may: a refusal of kind `unauthenticated` (401) or `forbidden` (403). */
export abstract class AuthError extends RefusalError {}

/** No credentials, or credentials that do not verify. */
export class UnauthenticatedError extends AuthError {
  constructor(message: string) {
    super("unauthenticated", "unauthenticated", message);
  }
}

/** Verified, but this principal may not do this. */
export class ForbiddenError extends AuthError {
  constructor(message: string) {
    super("forbidden", "forbidden", message);
  }
}

/** A task token whose signature does not verify (forged or corrupted). */
export class ForgedTaskTokenError extends AuthError {
  constructor(message: string) {
    super("unauthenticated", "task_token_invalid", message);
  }
}

/** A task token that verifies but whose expiry (`exp`: the item's deadline plus the grace period) has passed. */
export class ExpiredTaskTokenError extends AuthError {
  readonly expiredAt: Date;
  constructor(expiredAt: Date) {
    super("unauthenticated", "task_token_expired", `task token expired at ${expiredAt.toISOString()}`);
    this.expiredAt = expiredAt;
  }
}

/** A task token naming a key id (`kid`) the keyring does not hold (pruned, or never the platform's). */
export class UnknownTaskKeyError extends AuthError {
  readonly kid: string;
  constructor(kid: string) {
    super("unauthenticated", "task_token_unknown_key", `task token signed with unknown key ${kid}`);
    this.kid = kid;
  }
}

/**
 * A principal acting outside its office: `unknown_office` (the token's office is not in the jurisdiction tree),
 * `wrong_office` (an answer to another office's task), `outside_scope` (a place above or beside the caller's),
 * `platform_only` (an action of the whole platform, e.g. redriving a queue).
 */
export class OutOfScopeError extends AuthError {
  constructor(code: "unknown_office" | "wrong_office" | "outside_scope" | "platform_only", message: string) {
    super("forbidden", code, message);
  }
}
