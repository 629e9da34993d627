/** The subject registry on DynamoDB Local: a new case's links, the open-case claim, its release when the case closes. */

import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { type CaseSubjects, SubjectCaseOpenError } from "@onething/cases";
import { describe, expect, it } from "vitest";
import { planCommit } from "../src/index.ts";
import { caseState, dispatched } from "./fixtures.ts";
import { unique, useTestStore } from "./store.ts";

const { store, table, submit } = await useTestStore("subjects");
const due = "2025-03-10T16:00:00.000Z";
const applicantId = "11010519491231002X";

/** A deceased of their own per test, so tests do not share a claim. */
function subjectsFor(deceased: string): CaseSubjects {
  return {
    links: [
      { identity: applicantId, kind: "person", role: "applicant" },
      { identity: deceased, kind: "person", role: "subject" },
    ],
    exclusive: deceased,
  };
}
const open = (caseId: string) =>
  caseState({ caseId, bundleId: "after-death", items: [dispatched("a", "health", due)] });

describe("the subject registry", () => {
  it("records a new case under its applicant and its subject, never under the identity itself", async () => {
    const deceased = unique("deceased");
    const caseId = unique("case");

    await submit(open(caseId), { subjects: subjectsFor(deceased) });

    expect(await store.listSubjectCases(deceased)).toEqual([
      { caseId, bundleId: "after-death", role: "subject", submittedAt: "2025-03-03T02:00:00.000Z" },
    ]);
    expect((await store.listSubjectCases(applicantId)).map((c) => c.caseId)).toContain(caseId);
    expect(await store.getSubjectOpenCase(deceased, "after-death")).toBe(caseId);
    const rows = (await table.client.send(new ScanCommand({ TableName: table.tableName }))).Items ?? [];
    const registryRows = rows.filter((r) => String(r.pk).startsWith("SUBJECT#"));
    expect(registryRows.length).toBeGreaterThanOrEqual(3);
    expect(JSON.stringify(registryRows)).not.toContain(deceased);
  });

  it("refuses a second open case of the bundle for the same subject, naming the first; nothing is written", async () => {
    const deceased = unique("deceased");
    const first = unique("first");
    const second = unique("second");
    await submit(open(first), { subjects: subjectsFor(deceased) });

    const refused = await submit(open(second), { subjects: subjectsFor(deceased) }).catch((e: unknown) => e);

    expect(refused).toBeInstanceOf(SubjectCaseOpenError);
    expect(refused).toMatchObject({ openCaseId: first, bundleId: "after-death" });
    expect(await store.getCase(second)).toBeUndefined();
    expect((await store.listSubjectCases(deceased)).map((c) => c.caseId)).toEqual([first]);
  });

  it("releases the claim with the commit that closes the case, so a new case may open", async () => {
    const deceased = unique("deceased");
    const first = unique("first");
    const v1 = await submit(open(first), { subjects: subjectsFor(deceased) });
    const closed = caseState({
      caseId: first,
      bundleId: "after-death",
      status: "withdrawn",
      updatedAt: "2025-03-04T02:00:00.000Z",
    });

    await submit(closed, { previous: v1, eventId: "withdraw", subjects: subjectsFor(deceased) });

    expect(await store.getSubjectOpenCase(deceased, "after-death")).toBeUndefined();
    const next = unique("next");
    await submit(open(next), { subjects: subjectsFor(deceased) });
    expect(await store.getSubjectOpenCase(deceased, "after-death")).toBe(next);
  });

  it("adds the registry's rows only to the commits that need them", () => {
    const deceased = unique("deceased");
    const caseId = unique("plan");
    const base = { eventId: "e", timeline: [], outbox: [], now: new Date("2025-03-03T02:00:00.000Z") };
    const hash = (identity: string) => `h(${identity})`;
    const created = planCommit(
      table.tableName,
      { ...base, next: open(caseId), subjects: subjectsFor(deceased) },
      { applicantHash: hash },
    );
    const plain = planCommit(table.tableName, { ...base, next: open(caseId) }, { applicantHash: hash });

    expect(created.items.length - plain.items.length).toBe(3);
    expect(created.subjectClaimIndex).toBeDefined();
    expect(created.items[created.subjectClaimIndex ?? -1]?.Put?.ConditionExpression).toBe(
      "attribute_not_exists(pk)",
    );
    const previous = { state: open(caseId), version: 1 };
    const moved = planCommit(
      table.tableName,
      { ...base, previous, next: open(caseId), subjects: subjectsFor(deceased) },
      { applicantHash: hash },
    );
    expect(moved.items.some((i) => i.Delete || JSON.stringify(i).includes("SUBJECT#"))).toBe(false);
  });
});
