import type { signInZh } from "./sign-in-zh.ts";

/** Sign-in through the OpenID provider, in English: the same keys as `sign-in-zh.ts`. */
export const signInEn: typeof signInZh = {
  title: "Sign in",
  intro:
    "Sign in through the unified sign-in: residents act as themselves, operators see the cases of their office.",
  button: "Sign in with the unified sign-in",
  redirecting: "Going to the unified sign-in…",
  callback: "Finishing the sign-in…",
  failed: "The sign-in did not finish: {{message}}",
  again: "Sign in again",
  devTitle: "Local dev tokens",
  devIntro:
    "Only in the local runtime: enter as anyone without the identity provider (the CLI and the tests use these too).",
};
