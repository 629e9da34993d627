import type { ReactNode } from "react";
import { Navigate } from "react-router";
import { loadSession, type Role } from "../session.ts";

/** A page for one role: anyone else (or nobody signed in) goes to sign-in. */
export function RequireRole({ allowed, children }: { allowed: Role; children: ReactNode }) {
  const session = loadSession();
  if (session?.role !== allowed) return <Navigate to="/" replace />;
  return children;
}
