/**
 * Why a sign-in did not complete, as a stable code the pages translate (`oidc.failure.<code>`): never the client
 * library's or the provider's English text.
 */
export type SignInFailure =
  | "no_provider"
  | "no_sign_in_pending"
  | "no_role"
  | "no_token"
  | "access_denied"
  | "login_required"
  | "expired"
  | "unreachable"
  | "refused";

/** A sign-in step the pages themselves refuse, with its code. */
export class SignInError extends Error {
  readonly code: SignInFailure;
  constructor(code: SignInFailure, message: string) {
    super(message);
    this.name = "SignInError";
    this.code = code;
  }
}

/** The code of any error a sign-in step threw. */
export function signInFailure(error: unknown): SignInFailure {
  if (error instanceof SignInError) return error.code;
  // The provider's answer at the callback (`?error=access_denied`) or from its token endpoint: oauth4webapi's
  // AuthorizationResponseError and ResponseBodyError carry its OAuth `error` code.
  const code = (error as { error?: unknown } | null)?.error;
  if (typeof code === "string") {
    if (code === "access_denied") return "access_denied";
    if (code === "login_required" || code === "interaction_required") return "login_required";
    if (code === "invalid_grant") return "expired";
    return "refused";
  }
  if (error instanceof TypeError) return "unreachable";
  return "refused";
}
