import type { FieldIssue } from "../bundle/application.ts";
import type { IgnoreReason } from "./types.ts";

/** Why an event changes nothing, or `undefined` when it was applied. */
export type Ignored = { reason: IgnoreReason; detail: string } | undefined;

export const ignore = (reason: IgnoreReason, detail: string): Ignored => ({ reason, detail });

/** Field issues as one line for an ignore detail: `path: message; path: message`. */
export const describeIssues = (issues: readonly FieldIssue[]): string =>
  issues.map((i) => `${i.path}: ${i.message}`).join("; ");
