import { type ReactNode, useEffect } from "react";
import { Navigate, useLocation } from "react-router";
import { type Role, useSession } from "../session.ts";
import { rememberReturnTo } from "../sign-in/return-to.ts";

/** A page for one role: anyone else (or nobody signed in) goes to sign-in, which comes back here after. */
export function RequireRole({ allowed, children }: { allowed: Role; children: ReactNode }) {
  const session = useSession();
  const { pathname, search } = useLocation();
  const signedIn = session !== undefined;
  useEffect(() => {
    if (!signedIn) rememberReturnTo(allowed, `${pathname}${search}`);
  }, [signedIn, allowed, pathname, search]);
  if (session?.role === allowed) return children;
  return <Navigate to="/" replace />;
}
