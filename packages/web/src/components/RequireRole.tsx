import type { ReactNode } from "react";
import { Navigate } from "react-router";
import { type Role, useSession } from "../session.ts";

/** A page for one role: anyone else (or nobody signed in) goes to sign-in. */
export function RequireRole({ allowed, children }: { allowed: Role; children: ReactNode }) {
  const session = useSession();
  if (session?.role !== allowed) return <Navigate to="/" replace />;
  return children;
}
