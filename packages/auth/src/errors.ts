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
