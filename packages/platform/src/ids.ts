import { createHmac, randomBytes } from "node:crypto";
import { caseIdOf } from "@onething/domain";

/**
 * The key of the applicant index (the HMAC partitioning a citizen's case list), derived from the task-token
 * secret every function already holds, under its own label: no new secret to deploy, and the index key is not the
 * token key. Rotating the task-token secret changes it: the case rows' `gsi4pk` must then be rewritten (a
 * one-off migration) or citizens' lists stay empty for older cases.
 */
export function applicantIndexKeyFrom(taskTokenSecret: string): string {
  return createHmac("sha256", taskTokenSecret).update("onething/applicant-index/v1").digest("base64url");
}

/** Case ids people can read out on the phone: OT-<Beijing date>-<10 base32 characters>. */
export function newCaseId(now: Date): string {
  return caseIdOf(now, randomBytes(10));
}
