import { useSyncExternalStore } from "react";

/**
 * The signed-in user: a bearer token kept for this browser tab only (sessionStorage), and what it allows. Signed in
 * through the OpenID provider (`sign-in/oidc.ts`) it also holds the refresh and ID tokens.
 */

export type Role = "citizen" | "operator";

export interface Session {
  token: string;
  role: Role;
  /** Operators only: may reveal masked personal data. */
  reveal: boolean;
  /** Operators only: the office (jurisdiction code) the token names; absent for the whole platform. */
  office?: string;
  /** Citizens only: whose cases these are. */
  idNumber?: string;
  name?: string;
  /** Citizens acting for an organisation: its unified social credit code. */
  uscc?: string;
  expiresAt: string;
  /** Signed in through the OpenID provider: the refresh token (the token is renewed before `expiresAt`). */
  refreshToken?: string;
  /** The ID token (the API's bearer on Cognito); kept also as the mark of a sign-in through the provider. */
  idToken?: string;
  /** When the token was issued: it is renewed after two thirds of its life. */
  issuedAt?: string;
}

const KEY = "onething.session";
const listeners = new Set<() => void>();
let cached: { raw: string | null; session: Session | undefined } = { raw: null, session: undefined };

export function loadSession(): Session | undefined {
  const raw = sessionStorage.getItem(KEY);
  // The same object while the stored value is unchanged, as useSyncExternalStore requires.
  if (raw !== cached.raw) cached = { raw, session: parse(raw) };
  const session = cached.session;
  return session && Date.parse(session.expiresAt) > Date.now() ? session : undefined;
}

/**
 * The stored session even when its token has expired: sign-out must still end the provider's session and revoke
 * the refresh token, and a tab back from the background must still renew with it.
 */
export function loadStoredSession(): Session | undefined {
  loadSession();
  return cached.session;
}

function parse(raw: string | null): Session | undefined {
  if (!raw) return undefined;
  try {
    return JSON.parse(raw) as Session;
  } catch {
    return undefined;
  }
}

export function saveSession(session: Session): void {
  sessionStorage.setItem(KEY, JSON.stringify(session));
  for (const l of listeners) l();
}

export function clearSession(): void {
  sessionStorage.removeItem(KEY);
  for (const l of listeners) l();
}

/** The session as React state: components re-render on sign-in and sign-out. */
export function useSession(): Session | undefined {
  return useSyncExternalStore(subscribe, loadSession);
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
