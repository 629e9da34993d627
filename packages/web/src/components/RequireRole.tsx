import type { ReactNode } from "react";
import { Navigate, useLocation } from "react-router";
import { type Role, useSession } from "../session.ts";
import { rememberReturnTo } from "../sign-in/return-to.ts";

/** A page for one role: anyone else (or nobody signed in) goes to sign-in, which comes back here after. */
export function RequireRole({ allowed, children }: { allowed: Role; children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  if (session?.role === allowed) return children;
  if (!session) rememberReturnTo(allowed, `${location.pathname}${location.search}`);
  return <Navigate to="/" replace />;
}
