import type { signInZh } from "./sign-in-zh.ts";

/** Sign-in through the OpenID provider, in English: the same keys as `sign-in-zh.ts`. */
export const signInEn: typeof signInZh = {
  title: "Sign in",
  intro:
    "Sign in through the unified sign-in: residents act as themselves, operators see the cases of their office.",
  button: "Sign in with the unified sign-in",
  redirecting: "Going to the unified sign-in…",
  callback: "Finishing the sign-in…",
  failure: {
    no_provider: "No identity provider is configured: please contact the platform's administrators.",
    no_sign_in_pending:
      "This sign-in has lapsed (it may have finished in another tab): please sign in again.",
    no_role: "This account is neither a resident's nor an operator's and cannot use these pages.",
    no_token: "The identity provider returned no credential: please sign in again.",
    access_denied: "You cancelled the sign-in.",
    login_required: "Please sign in again.",
    expired: "The sign-in has expired: please sign in again.",
    unreachable: "The identity provider cannot be reached: check the network and try again.",
    refused: "The identity provider refused this sign-in: please sign in again.",
  },
  again: "Sign in again",
  devTitle: "Local dev tokens",
  devIntro:
    "Only in the local runtime: enter as anyone without the identity provider (the CLI and the tests use these too).",
};
