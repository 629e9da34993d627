/** The subject registry family: a person's or organisation's cases, and the open case a bundle allows one of. */
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { SUBJECT_CASE_SK_PREFIX, subjectOpenCaseKey, subjectPartition } from "../keys.ts";
import type { CaseStore } from "../ports.ts";
import { SubjectCaseRowSchema } from "../records.ts";
import { parseRow, queryAll, type StoreTable, sendTranslated } from "../table.ts";

export function createSubjectFamily(
  table: StoreTable,
  identityHash: (identity: string) => string,
): Pick<CaseStore, "listSubjectCases" | "getSubjectOpenCase"> {
  const { client, tableName } = table;
  return {
    async listSubjectCases(identity) {
      const rows = await queryAll(table, "listSubjectCases", {
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
        ExpressionAttributeValues: {
          ":pk": subjectPartition(identityHash(identity)),
          ":prefix": SUBJECT_CASE_SK_PREFIX,
        },
        ConsistentRead: true,
      });
      return rows
        .map((row) => parseRow(SubjectCaseRowSchema, row))
        .map(({ caseId, bundleId, role, submittedAt }) => ({ caseId, bundleId, role, submittedAt }))
        .sort((a, b) => a.submittedAt.localeCompare(b.submittedAt));
    },

    async getSubjectOpenCase(identity, bundleId) {
      const result = await sendTranslated("getSubjectOpenCase", () =>
        client.send(
          new GetCommand({
            TableName: tableName,
            Key: subjectOpenCaseKey(identityHash(identity), bundleId),
            ConsistentRead: true,
          }),
        ),
      );
      const holder = result.Item?.caseId;
      return typeof holder === "string" ? holder : undefined;
    },
  };
}
