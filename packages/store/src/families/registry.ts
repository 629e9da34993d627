/**
 * The registry family beyond case links: entitlements (one row per person and benefit), the death record, and the
 * claims of data events. Every change is one conditional write: a guard that fails means the change is already
 * made, or is not allowed from the row's state, and changes nothing.
 */
import { PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { DataEventClaim, DataEventRecord, EntitlementSource, SubjectRegistry } from "@onething/cases";
import { decodeKeyCursor, encodeCursor } from "../cursor.ts";
import {
  dataEventKey,
  ENTITLEMENT_SK_PREFIX,
  ENTITLEMENTS_OF_DEAD_PARTITION,
  entitlementKey,
  entitlementOfDeadSort,
  entitlementPlacePartition,
  entitlementRosterPartition,
  INDEX,
  KEY_ATTRIBUTES,
  personDeathKey,
  subjectPartition,
} from "../keys.ts";
import { DataEventRowSchema, DeathRowSchema } from "../records.ts";
import { checkLimit, parseRow, query, queryAll, type StoreTable } from "../table.ts";
import { applyCaseChange, end, getRow, grant, guarded, toRecord } from "./entitlement-writes.ts";

/** Data events' claims and the death record. */
function createDataEventFamily(
  table: StoreTable,
  identityHash: (identity: string) => string,
): Pick<
  SubjectRegistry,
  "claimDataEvent" | "findDataEvent" | "completeDataEvent" | "recordDeath" | "deathOf"
> {
  const { client, tableName } = table;
  const findDataEvent: SubjectRegistry["findDataEvent"] = async (source, sourceEventId) => {
    const item = await getRow(table, "findDataEvent", dataEventKey(source, sourceEventId));
    return item ? parseRow(DataEventRowSchema, item) : undefined;
  };
  const deathOf: SubjectRegistry["deathOf"] = async (idNumber) => {
    const item = await getRow(table, "deathOf", personDeathKey(identityHash(idNumber)));
    return item ? parseRow(DeathRowSchema, item) : undefined;
  };
  return {
    findDataEvent,
    deathOf,
    async claimDataEvent(
      claim: DataEventClaim,
      now: Date,
    ): Promise<DataEventRecord & { claimedNow: boolean }> {
      const row = {
        ...dataEventKey(claim.source, claim.sourceEventId),
        entity: "dataEvent",
        ...claim,
        status: "received",
        receivedAt: now.toISOString(),
      };
      const put = await guarded("claimDataEvent", () =>
        client.send(
          new PutCommand({
            TableName: tableName,
            Item: row,
            ConditionExpression: "attribute_not_exists(pk)",
          }),
        ),
      );
      if (put === "written") return { ...parseRow(DataEventRowSchema, row), claimedNow: true };
      const standing = await findDataEvent(claim.source, claim.sourceEventId);
      if (!standing) throw new Error(`data event ${claim.source}/${claim.sourceEventId} vanished`);
      return { ...standing, claimedNow: false };
    },

    async completeDataEvent(claim, outcome, now) {
      // The first completion stands: a concurrent duplicate delivery (a standard queue) may plan over what the first
      // already changed, and would record less.
      await guarded("completeDataEvent", () =>
        client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: dataEventKey(claim.source, claim.sourceEventId),
            UpdateExpression: "SET #status = :done, outcome = :outcome, doneAt = :now",
            ConditionExpression: "#status = :received AND #hash = :hash",
            ExpressionAttributeNames: { "#status": "status", "#hash": "hash" },
            ExpressionAttributeValues: {
              ":received": "received",
              ":done": "done",
              ":outcome": outcome,
              ":now": now.toISOString(),
              ":hash": claim.hash,
            },
          }),
        ),
      );
    },

    async recordDeath(idNumber, death) {
      const key = personDeathKey(identityHash(idNumber));
      const written = await guarded("recordDeath", () =>
        client.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...key, entity: "death", ...death },
            ConditionExpression: "attribute_not_exists(pk)",
          }),
        ),
      );
      if (written === "written") return death;
      const standing = await deathOf(idNumber);
      if (!standing) throw new Error("death record vanished");
      return standing;
    },
  };
}

/**
 * A department office's roster: the entitlements its department keeps that were granted by cases placed within the
 * office's path (one Query of gsi4 `ENTPLACE#<department>`, `begins_with(<office path>)`); status and benefit are
 * filtered, since the row's place is fixed while its status moves.
 */
async function officeEntitlements(
  table: StoreTable,
  department: string,
  request: Parameters<SubjectRegistry["departmentEntitlements"]>[1] & { officePath: string },
) {
  const partition = entitlementPlacePartition(department);
  const filters = [
    ...(request.status ? ["#status = :status"] : []),
    ...(request.benefit ? ["benefit = :benefit"] : []),
  ];
  const page = await query(table, "departmentEntitlements", {
    IndexName: INDEX.gsi4,
    KeyConditionExpression: "gsi4pk = :pk AND begins_with(gsi4sk, :prefix)",
    ...(filters.length > 0 ? { FilterExpression: filters.join(" AND ") } : {}),
    ...(request.status ? { ExpressionAttributeNames: { "#status": "status" } } : {}),
    ExpressionAttributeValues: {
      ":pk": partition,
      ":prefix": request.officePath,
      ...(request.status ? { ":status": request.status } : {}),
      ...(request.benefit ? { ":benefit": request.benefit } : {}),
    },
    Limit: request.limit,
    ExclusiveStartKey: request.cursor
      ? decodeKeyCursor(request.cursor, KEY_ATTRIBUTES.gsi4.pk, partition)
      : undefined,
  });
  const entitlements = (page.Items ?? []).map(toRecord);
  return page.LastEvaluatedKey
    ? { entitlements, cursor: encodeCursor(page.LastEvaluatedKey) }
    : { entitlements };
}

/** Entitlements as read: a person's, a department's roster, and those still held by the dead. */
function createEntitlementReads(
  table: StoreTable,
  identityHash: (identity: string) => string,
): Pick<SubjectRegistry, "entitlementsOf" | "departmentEntitlements" | "countEntitlementsOfDead"> {
  return {
    async entitlementsOf(idNumber) {
      const rows = await queryAll(table, "entitlementsOf", {
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
        ExpressionAttributeValues: {
          ":pk": subjectPartition(identityHash(idNumber)),
          ":prefix": ENTITLEMENT_SK_PREFIX,
        },
        ConsistentRead: true,
      });
      return rows.map(toRecord);
    },

    async departmentEntitlements(department, request) {
      checkLimit(request.limit);
      const { officePath } = request;
      if (officePath !== undefined) return officeEntitlements(table, department, { ...request, officePath });
      const partition = entitlementRosterPartition(department);
      // Sorted by status, then benefit: a status (and a benefit within it) is a key prefix; a benefit alone a filter.
      const prefix = request.status
        ? `${request.status}#${request.benefit ? `${request.benefit}#` : ""}`
        : "";
      const filterBenefit = request.benefit !== undefined && !request.status;
      const page = await query(table, "departmentEntitlements", {
        IndexName: INDEX.gsi2,
        KeyConditionExpression: prefix ? "gsi2pk = :pk AND begins_with(gsi2sk, :prefix)" : "gsi2pk = :pk",
        ...(filterBenefit ? { FilterExpression: "benefit = :benefit" } : {}),
        ExpressionAttributeValues: {
          ":pk": partition,
          ...(prefix ? { ":prefix": prefix } : {}),
          ...(filterBenefit ? { ":benefit": request.benefit } : {}),
        },
        Limit: request.limit,
        ExclusiveStartKey: request.cursor
          ? decodeKeyCursor(request.cursor, KEY_ATTRIBUTES.gsi2.pk, partition)
          : undefined,
      });
      const entitlements = (page.Items ?? []).map(toRecord);
      return page.LastEvaluatedKey
        ? { entitlements, cursor: encodeCursor(page.LastEvaluatedKey) }
        : { entitlements };
    },

    async countEntitlementsOfDead() {
      const rows = await queryAll(table, "countEntitlementsOfDead", {
        IndexName: INDEX.gsi1,
        KeyConditionExpression: "gsi1pk = :pk",
        ExpressionAttributeValues: { ":pk": ENTITLEMENTS_OF_DEAD_PARTITION },
        ProjectionExpression: "department",
      });
      const counts: Record<string, number> = {};
      for (const row of rows) {
        const department = String(row.department);
        counts[department] = (counts[department] ?? 0) + 1;
      }
      return counts;
    },
  };
}

export function createRegistryFamily(
  table: StoreTable,
  identityHash: (identity: string) => string,
): SubjectRegistry {
  const { client, tableName } = table;
  const reads = createEntitlementReads(table, identityHash);
  const deaths = createDataEventFamily(table, identityHash);
  const markHolderDead: SubjectRegistry["markHolderDead"] = async (idNumber, now) => {
    const holderHash = identityHash(idNumber);
    for (const record of await reads.entitlementsOf(idNumber)) {
      if (record.status === "ended") continue;
      await guarded("markHolderDead", () =>
        client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: entitlementKey(holderHash, record.benefit),
            UpdateExpression: "SET holderDead = :true, gsi1pk = :dead, gsi1sk = :deadSort, updatedAt = :now",
            ConditionExpression: "attribute_exists(pk) AND #status <> :ended",
            ExpressionAttributeNames: { "#status": "status" },
            ExpressionAttributeValues: {
              ":true": true,
              ":dead": ENTITLEMENTS_OF_DEAD_PARTITION,
              ":deadSort": entitlementOfDeadSort(record.department, record.benefit, holderHash),
              ":now": now.toISOString(),
              ":ended": "ended",
            },
          }),
        ),
      );
    }
  };
  return {
    markHolderDead,
    ...deaths,
    ...reads,
    async applyCaseChanges(caseId, changes, now) {
      // A stop item lists every benefit it may stop; one read of what the person holds saves a guarded write (a
      // write unit each, even when its condition fails) for every benefit they do not.
      const held = new Map<string, Set<string>>();
      for (const change of changes) {
        const { idNumber } = change.holder;
        if (change.change !== "grant" && !held.has(idNumber))
          held.set(idNumber, new Set((await reads.entitlementsOf(idNumber)).map((e) => e.benefit)));
        if (change.change !== "grant" && !held.get(idNumber)?.has(change.benefit)) continue;
        await applyCaseChange(table, identityHash(idNumber), caseId, change, now);
        // Granted to someone recorded dead (an approval that crossed the death): flagged, so the overview shows it.
        if (change.change === "grant" && (await deaths.deathOf(idNumber)))
          await markHolderDead(idNumber, now);
      }
    },

    async applyRosterChange(change, from, now) {
      const holderHash = identityHash(change.holder.idNumber);
      const source: EntitlementSource = { kind: "event", ...from };
      if (change.change === "grant") await grant(table, holderHash, change, change.on, source, now);
      else await end(table, holderHash, change, `${change.on}T00:00:00+08:00`, source, now);
    },
  };
}
