/** The subject registry's rows of a commit: a new case's links, and the open-case claim a bundle may ask for. */
import type { CommitInput } from "@onething/cases";
import { isClosed } from "@onething/domain";
import type { TransactItem } from "./commit-rows.ts";
import { subjectCaseKey, subjectOpenCaseKey } from "./keys.ts";

export interface SubjectRows {
  items: TransactItem[];
  /** Position (within `items`) of the claim of a new case, whose failed condition means another case holds it. */
  claimIndex?: number;
}

/**
 * A new case: one row per link under the subject's partition and, for an exclusive subject, the claim (only if
 * nobody holds it). The commit that closes a case releases its claim (only its own: a claim never written, by a
 * case older than the registry, is nothing to release).
 */
export function subjectRows(
  tableName: string,
  input: CommitInput,
  hash: (identity: string) => string,
): SubjectRows {
  const { previous, next, subjects } = input;
  if (!subjects) return { items: [] };
  const { caseId, bundleId } = next;
  if (!previous) {
    const items: TransactItem[] = subjects.links.map((link) => ({
      Put: {
        TableName: tableName,
        Item: {
          ...subjectCaseKey(hash(link.identity), caseId, link.role),
          entity: "subjectCase",
          caseId,
          bundleId,
          role: link.role,
          kind: link.kind,
          submittedAt: next.submittedAt,
        },
      },
    }));
    if (!subjects.exclusive) return { items };
    items.push({
      Put: {
        TableName: tableName,
        Item: {
          ...subjectOpenCaseKey(hash(subjects.exclusive), bundleId),
          entity: "subjectOpenCase",
          caseId,
          bundleId,
          since: next.submittedAt,
        },
        ConditionExpression: "attribute_not_exists(pk)",
      },
    });
    return { items, claimIndex: items.length - 1 };
  }
  if (subjects.exclusive && isClosed(next) && !isClosed(previous.state))
    return {
      items: [
        {
          Delete: {
            TableName: tableName,
            Key: subjectOpenCaseKey(hash(subjects.exclusive), bundleId),
            ConditionExpression: "attribute_not_exists(pk) OR caseId = :caseId",
            ExpressionAttributeValues: { ":caseId": caseId },
          },
        },
      ],
    };
  return { items: [] };
}
