// The session's roles, spelled out: importing session.ts would bring React (and its DOM stubs) into the unit tests.
type Role = "citizen" | "operator";

/**
 * The page someone wanted before they were sent to sign in (a 码上办 QR code opens a case's page on a phone that is
 * not signed in yet): kept for the tab with the role the page is for, and opened once after a sign-in of that role.
 */
const KEY = "onething.returnTo";
const HOME: Record<Role, string> = { citizen: "/my", operator: "/ops" };

// Set by 退出 until the next sign-in: the page someone left by signing out is not one they want back.
let signedOut = false;

export function rememberReturnTo(role: Role, path: string): void {
  if (!signedOut) sessionStorage.setItem(KEY, JSON.stringify({ role, path }));
}

/** 退出: whatever page the sign-out leaves is not remembered, and nothing remembered before is opened. */
export function forgetReturnTo(): void {
  signedOut = true;
  sessionStorage.removeItem(KEY);
}

/** Where to go after signing in as `role`: the remembered page when it is that role's, else the role's home. */
export function takeReturnTo(role: Role): string {
  signedOut = false;
  const raw = sessionStorage.getItem(KEY);
  sessionStorage.removeItem(KEY);
  const wanted = parse(raw);
  return wanted?.role === role && isSitePath(wanted.path) ? wanted.path : HOME[role];
}

function parse(raw: string | null): { role?: unknown; path?: unknown } | undefined {
  try {
    return raw ? (JSON.parse(raw) as { role?: unknown; path?: unknown }) : undefined;
  } catch {
    return undefined;
  }
}

/** A path of this site only: `/…`, never `//host/…` or a scheme. */
export const isSitePath = (path: unknown): path is string =>
  typeof path === "string" && /^\/(?![/\\])/.test(path);
