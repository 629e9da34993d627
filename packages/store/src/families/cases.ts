/** The case family: the case row (state + version), its commit transaction and the processed-event markers. */
import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { GetCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import {
  type CommitInput,
  EventAlreadyProcessedError,
  SubjectCaseOpenError,
  VersionConflictError,
} from "@onething/cases";
import { type CommitPlan, planCommit } from "../commit.ts";
import { StoreBusyError } from "../errors.ts";
import { caseKey, processedEventKey, subjectOpenCaseKey } from "../keys.ts";
import type { CaseStore } from "../ports.ts";
import { CaseRowSchema } from "../records.ts";
import {
  backoffMs,
  parseRow,
  type StoreTable,
  sendTranslated,
  sleep,
  translateCancellation,
  translateError,
} from "../table.ts";

export interface CaseFamilyOptions {
  /** The keyed hash of an applicant identity; throws `MissingApplicantIndexKeyError` on a store without a key. */
  applicantHash: (identity: string) => string;
  /** Extra attempts of a commit cancelled by a transaction conflict on a shared row. */
  conflictRetries: number;
}

export function createCaseFamily(
  table: StoreTable,
  options: CaseFamilyOptions,
): Pick<CaseStore, "getCase" | "commitDecision" | "hasProcessed"> {
  const { client, tableName } = table;
  return {
    async getCase(caseId) {
      const result = await sendTranslated("getCase", () =>
        client.send(
          new GetCommand({
            TableName: tableName,
            Key: caseKey(caseId),
            ConsistentRead: true,
            ProjectionExpression: "pk, sk, #state, #version",
            ExpressionAttributeNames: { "#state": "state", "#version": "version" },
          }),
        ),
      );
      return result.Item ? parseRow(CaseRowSchema, result.Item) : undefined;
    },

    async commitDecision(input) {
      const plan = planCommit(tableName, input, { applicantHash: options.applicantHash });
      for (let attempt = 0; ; attempt++) {
        try {
          await client.send(new TransactWriteCommand({ TransactItems: plan.items }));
          return { version: plan.version };
        } catch (error) {
          if (claimRefused(error, plan)) throw await refusedClaim(input);
          const mapped = translateCommitError(error, plan, input.next.caseId, input.eventId, input.previous);
          const contention = mapped instanceof StoreBusyError && mapped.reason === "contention";
          if (!contention || attempt >= options.conflictRetries) throw mapped;
          await sleep(backoffMs(attempt + 1));
        }
      }
    },

    async hasProcessed(caseId, eventId) {
      const result = await sendTranslated("hasProcessed", () =>
        client.send(
          new GetCommand({
            TableName: tableName,
            Key: processedEventKey(caseId, eventId),
            ConsistentRead: true,
            ProjectionExpression: "pk",
          }),
        ),
      );
      return result.Item !== undefined;
    },
  };

  /**
   * The only failed condition was the new case's claim on its subject (a replay fails the marker, a case id
   * collision the case row, and those answers come first).
   */
  function claimRefused(error: unknown, plan: CommitPlan): boolean {
    if (!(error instanceof TransactionCanceledException) || plan.subjectClaimIndex === undefined)
      return false;
    const reasons = error.CancellationReasons ?? [];
    const failed = reasons.flatMap((r, i) => (r.Code === "ConditionalCheckFailed" ? [i] : []));
    return failed.length === 1 && failed[0] === plan.subjectClaimIndex;
  }

  /** The open case holding the claim, read after the refusal; if it closed meanwhile, a retry will do. */
  async function refusedClaim(input: CommitInput): Promise<unknown> {
    const { next, subjects } = input;
    const key = subjectOpenCaseKey(options.applicantHash(subjects?.exclusive ?? ""), next.bundleId);
    const result = await sendTranslated("commitDecision", () =>
      client.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true })),
    );
    const holder = result.Item?.caseId;
    return typeof holder === "string"
      ? new SubjectCaseOpenError(next.bundleId, holder)
      : new VersionConflictError(next.caseId, undefined);
  }
}

/** Reads the cancellation reasons, which line up one-to-one with the transaction's actions. */
function translateCommitError(
  error: unknown,
  plan: CommitPlan,
  caseId: string,
  eventId: string,
  previous: { version: number } | undefined,
): unknown {
  if (!(error instanceof TransactionCanceledException)) return translateError("commitDecision", error);
  const reasons = error.CancellationReasons ?? [];
  // The marker first: a replay of an applied event also fails the version check, and "already processed"
  // is the answer that lets the consumer acknowledge instead of retrying.
  if (reasons[plan.markerIndex]?.Code === "ConditionalCheckFailed")
    return new EventAlreadyProcessedError(caseId, eventId);
  if (reasons[plan.caseIndex]?.Code === "ConditionalCheckFailed")
    return new VersionConflictError(caseId, previous?.version);
  return translateCancellation("commitDecision", error);
}
