/**
 * The registry's entitlements, death records and data-event claims on DynamoDB Local: every change a guarded write,
 * so a resend or a change out of turn changes nothing.
 */
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import type { CaseEntitlementChange } from "@onething/cases";
import { describe, expect, it } from "vitest";
import { unique, useTestStore } from "./store.ts";

const { store, table } = await useTestStore("registry");
const now = new Date("2026-03-02T02:00:00.000Z");

/** A person of their own per test (any string is an identity to the store). */
const holderFor = (label: string) => ({ idNumber: unique(label), name: "陈阿婆" });
const change = (
  holder: { idNumber: string; name: string },
  benefit: string,
  kind: CaseEntitlementChange["change"],
  department = "civil-affairs",
): CaseEntitlementChange => ({ benefit, department, change: kind, itemId: `stop-${benefit}`, holder });
const statusOf = async (idNumber: string) =>
  Object.fromEntries((await store.entitlementsOf(idNumber)).map((e) => [e.benefit, e.status]));

describe("entitlements", () => {
  it("a roster grants; a case's stop moves it to stopping, then ended once; a second end changes nothing", async () => {
    const holder = holderFor("p1");
    await store.applyRosterChange(
      { benefit: "dibao", department: "civil-affairs", change: "grant", on: "2019-05-01", holder },
      { source: "civil-affairs-roster", sourceEventId: "r1" },
      now,
    );
    await store.applyCaseChanges("OT-STOP-1", [change(holder, "dibao", "stopping")], now);
    const [stopping] = await store.entitlementsOf(holder.idNumber);
    expect(stopping).toMatchObject({ status: "stopping", stopCaseId: "OT-STOP-1", since: "2019-05-01" });

    await store.applyCaseChanges("OT-STOP-1", [change(holder, "dibao", "end")], now);
    const later = new Date(now.getTime() + 60_000);
    await store.applyCaseChanges("OT-OTHER", [change(holder, "dibao", "end")], later);
    await store.applyRosterChange(
      { benefit: "dibao", department: "civil-affairs", change: "end", on: "2026-03-05", holder },
      { source: "civil-affairs-roster", sourceEventId: "r2" },
      later,
    );
    const [ended] = await store.entitlementsOf(holder.idNumber);
    expect(ended).toMatchObject({
      status: "ended",
      endedAt: now.toISOString(),
      endedBy: { kind: "case", caseId: "OT-STOP-1", itemId: "stop-dibao" },
    });
  });

  it("a stop never reopens what ended, a restore undoes only its own case's stop, a grant never doubles an active one", async () => {
    const holder = holderFor("p2");
    await store.applyCaseChanges(
      "A",
      [change(holder, "pension", "grant", "human-resources-social-security")],
      now,
    );
    await store.applyCaseChanges(
      "B",
      [change(holder, "pension", "stopping", "human-resources-social-security")],
      now,
    );
    await store.applyCaseChanges(
      "C",
      [change(holder, "pension", "restore", "human-resources-social-security")],
      now,
    );
    expect(await statusOf(holder.idNumber)).toEqual({ pension: "stopping" });
    await store.applyCaseChanges(
      "B",
      [change(holder, "pension", "restore", "human-resources-social-security")],
      now,
    );
    expect(await statusOf(holder.idNumber)).toEqual({ pension: "active" });
    await store.applyCaseChanges(
      "D",
      [change(holder, "pension", "end", "human-resources-social-security")],
      now,
    );
    await store.applyCaseChanges(
      "E",
      [change(holder, "pension", "stopping", "human-resources-social-security")],
      now,
    );
    expect(await statusOf(holder.idNumber)).toEqual({ pension: "ended" });
    // A grant after the end starts it again (a new entitlement: re-approved).
    await store.applyCaseChanges(
      "F",
      [change(holder, "pension", "grant", "human-resources-social-security")],
      now,
    );
    const [regranted] = await store.entitlementsOf(holder.idNumber);
    expect(regranted?.status).toBe("active");
    expect(regranted?.endedAt).toBeUndefined();
  });

  it("a department's roster holds only its own, by status and benefit, a page at a time", async () => {
    const department = unique("dept");
    const holders = [holderFor("r1"), holderFor("r2"), holderFor("r3")];
    for (const [i, holder] of holders.entries())
      await store.applyCaseChanges(
        `G${i}`,
        [change(holder, i === 2 ? "tekun" : "dibao", "grant", department)],
        now,
      );
    await store.applyCaseChanges("H", [change(holderFor("other"), "dibao", "grant", "elsewhere")], now);

    const first = await store.departmentEntitlements(department, { limit: 2 });
    expect(first.entitlements).toHaveLength(2);
    const rest = await store.departmentEntitlements(department, { limit: 2, cursor: first.cursor ?? "" });
    expect([...first.entitlements, ...rest.entitlements].map((e) => e.holder.idNumber).sort()).toEqual(
      holders.map((h) => h.idNumber).sort(),
    );
    const dibao = await store.departmentEntitlements(department, {
      status: "active",
      benefit: "dibao",
      limit: 10,
    });
    expect(dibao.entitlements).toHaveLength(2);
    expect(dibao.entitlements.every((e) => e.department === department)).toBe(true);
  });

  it("flags what a dead person still holds, and unflags each as it ends", async () => {
    const holder = holderFor("dead");
    const department = unique("dead-dept");
    await store.applyCaseChanges("I", [change(holder, "dibao", "grant", department)], now);
    await store.applyCaseChanges("I", [change(holder, "tekun", "grant", department)], now);
    await store.applyCaseChanges("J", [change(holder, "tekun", "end", department)], now);
    await store.markHolderDead(holder.idNumber, now);
    expect((await store.countEntitlementsOfDead())[department]).toBe(1);
    await store.applyCaseChanges("K", [change(holder, "dibao", "end", department)], now);
    expect((await store.countEntitlementsOfDead())[department]).toBeUndefined();
  });
});

describe("deaths and data events", () => {
  it("records a death once: the first record stands", async () => {
    const idNumber = unique("died");
    const first = {
      diedOn: "2026-03-01",
      recordedAt: now.toISOString(),
      recordedBy: "health-death-registry:1",
    };
    expect(await store.recordDeath(idNumber, first)).toEqual(first);
    expect(
      await store.recordDeath(idNumber, {
        ...first,
        recordedBy: "platform-cases:case:OT-1:death-certificate",
      }),
    ).toEqual(first);
    expect(await store.deathOf(idNumber)).toEqual(first);
  });

  it("claims a data event once: a replay finds the standing claim, completion records the outcome", async () => {
    const claim = {
      source: "health-death-registry",
      sourceEventId: unique("ev"),
      type: "PersonDied",
      hash: "h1",
    };
    const first = await store.claimDataEvent(claim, now);
    expect(first).toMatchObject({ status: "received", hash: "h1" });
    const again = await store.claimDataEvent({ ...claim, hash: "h2" }, new Date(now.getTime() + 1000));
    expect(again).toMatchObject({ status: "received", hash: "h1", receivedAt: now.toISOString() });
    const outcome = { summary: "started OT-1", startedCases: ["OT-1"], touchedCases: [] };
    await store.completeDataEvent(claim, outcome, now);
    expect(await store.findDataEvent(claim.source, claim.sourceEventId)).toMatchObject({
      status: "done",
      outcome,
    });
  });

  it("keys persons by the keyed hash: no key holds an ID number", async () => {
    const holder = holderFor("keys");
    await store.applyCaseChanges("L", [change(holder, "dibao", "grant")], now);
    await store.recordDeath(holder.idNumber, {
      diedOn: "2026-03-01",
      recordedAt: now.toISOString(),
      recordedBy: "x",
    });
    const rows = (await table.client.send(new ScanCommand({ TableName: table.tableName }))).Items ?? [];
    const keys = rows.map((r) => [r.pk, r.sk, r.gsi1pk, r.gsi1sk, r.gsi2pk, r.gsi2sk].join(" "));
    expect(keys.join("\n")).not.toContain(holder.idNumber);
  });
});
