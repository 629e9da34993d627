import { randomBytes } from "node:crypto";
import { parseTaskKeyring } from "@onething/auth";
import { caseIdOf } from "@onething/domain";

/**
 * The key of the applicant index (the HMAC partitioning a citizen's case list), kept in the task-token keyring every
 * function that writes cases already holds: no new secret to deploy, and the index key is not a token key. A keyring
 * made from a single secret of before keyrings derives it from that secret (as it always was), and every rotation
 * keeps it, so rotating the token keys never changes it (docs/task-tokens.md).
 */
export function applicantIndexKeyFrom(taskTokenSecret: string): string {
  return parseTaskKeyring(taskTokenSecret).applicantIndexKey;
}

/** Case ids people can read out on the phone: OT-<Beijing date>-<10 base32 characters>. */
export function newCaseId(now: Date): string {
  return caseIdOf(now, randomBytes(10));
}
