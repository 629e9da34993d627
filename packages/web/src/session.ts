/** The signed-in user: a bearer token kept for this browser tab only (sessionStorage), and what it allows. */

export type Role = "citizen" | "operator";

export interface Session {
  token: string;
  role: Role;
  /** Operators only: may reveal masked personal data. */
  reveal: boolean;
  /** Citizens only: whose cases these are. */
  idNumber?: string;
  name?: string;
  expiresAt: string;
}

const KEY = "onething.session";

export function loadSession(): Session | undefined {
  const raw = sessionStorage.getItem(KEY);
  if (!raw) return undefined;
  try {
    const session = JSON.parse(raw) as Session;
    return Date.parse(session.expiresAt) > Date.now() ? session : undefined;
  } catch {
    return undefined;
  }
}

export function saveSession(session: Session): void {
  sessionStorage.setItem(KEY, JSON.stringify(session));
}

export function clearSession(): void {
  sessionStorage.removeItem(KEY);
}
