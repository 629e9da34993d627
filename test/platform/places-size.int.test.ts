// The transaction of a placed submission, measured on the seeds' largest bundle: place rows are written once, with it.
import { principalFromClaims } from "@onething/auth";
import { type CommitInput, submitApplication } from "@onething/cases";
import { planCommit } from "@onething/store";
import { describe, expect, it } from "vitest";
import { applicationAt, clerkAt, DELEGATED_TOWN, PLACES_NOW } from "../support/places.ts";
import { catalogue, testPlatform } from "../support/platform.ts";

const now = PLACES_NOW;
const t = await testPlatform({ name: "places-size", ops: "real", clock: () => now });

describe("a placed submission's transaction", () => {
  it("a social-assistance submission placed and received at a town fits one transaction: 53 of 100 actions", async () => {
    const commits: CommitInput[] = [];
    const cases = {
      ...t.store,
      commitDecision: async (input: CommitInput) => {
        commits.push(input);
        return t.store.commitDecision(input);
      },
    };
    const body = applicationAt("sa-elderly-couple-dibao", DELEGATED_TOWN);
    const principal = principalFromClaims(clerkAt(DELEGATED_TOWN));
    await submitApplication(
      { ...t.platform, cases },
      {
        body,
        idempotencyKey: "places-size-1",
        bodyHash: "h",
        principal,
        newCaseId: "OT-20260302-PLACESIZE1",
      },
      now,
    );
    const [first] = commits;
    if (!first) throw new Error("no commit");
    expect(Object.keys(first.next.items)).toHaveLength(catalogue.bundle("social-assistance").items.length);
    const plan = planCommit("t", first, { applicantHash: (identity) => identity });
    const placeRows = plan.items.filter((a) => a.Put?.Item?.entity === "casePlace");
    // Province, city, district and town, placed and received.
    expect(placeRows).toHaveLength(8);
    // Case 1, items 19, filer 1, place rows 8, case × department 11, timeline, outbox and marker 3, subject
    // registry 2, counters 7 (cases, day, the town office's open items, two minute rows, two place counters), and
    // the applicant's notice that the case is received (issue 16).
    expect(plan.items).toHaveLength(53);
  });
});
