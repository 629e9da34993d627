/** Entitlement rows' guarded writes: each change one conditional update, a failed guard changing nothing. */
import { GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type {
  CaseEntitlementChange,
  EntitlementRecord,
  EntitlementSource,
  RosterEntitlementChange,
} from "@onething/cases";
import { chinaDate } from "@onething/domain";
import {
  entitlementKey,
  entitlementPlacePartition,
  entitlementPlaceSort,
  entitlementRosterPartition,
  entitlementRosterSort,
  KEY_ATTRIBUTES,
} from "../keys.ts";
import { EntitlementRowSchema } from "../records.ts";
import { isConditionFailure, parseRow, type StoreTable, sendTranslated } from "../table.ts";

/** What a guarded write may find: the change made, or nothing to do. */
type Guarded = "written" | "unchanged";

export async function guarded(operation: string, run: () => Promise<unknown>): Promise<Guarded> {
  try {
    await sendTranslated(operation, run);
    return "written";
  } catch (error) {
    if (isConditionFailure(error)) return "unchanged";
    throw error;
  }
}

export async function getRow(table: StoreTable, operation: string, Key: Record<string, unknown>) {
  const result = await sendTranslated(operation, () =>
    table.client.send(new GetCommand({ TableName: table.tableName, Key, ConsistentRead: true })),
  );
  return result.Item;
}

/**
 * One entitlement update: the row's keys, roster index and the change's own attributes. `set` maps attribute
 * names to value expressions over `values` (`#attr` placeholders are made for every name: many are reserved).
 */
function update(
  table: StoreTable,
  holderHash: string,
  change: { benefit: string; department: string; holder: EntitlementRecord["holder"] },
  status: EntitlementRecord["status"],
  spec: {
    set: Record<string, string>;
    remove?: string[];
    condition: string;
    values: Record<string, unknown>;
  },
  now: Date,
) {
  const set: Record<string, string> = {
    entity: ":entity",
    benefit: ":benefit",
    department: ":department",
    holder: "if_not_exists(#holder, :holder)",
    status: ":status",
    updatedAt: ":now",
    gsi2pk: ":roster",
    gsi2sk: ":rosterSort",
    ...spec.set,
  };
  const names: Record<string, string> = { "#status": "status" };
  for (const name of [...Object.keys(set), ...(spec.remove ?? [])]) names[`#${name}`] = name;
  const assignments = Object.entries(set).map(([name, value]) => `#${name} = ${value}`);
  const remove = spec.remove?.length ? ` REMOVE ${spec.remove.map((n) => `#${n}`).join(", ")}` : "";
  return table.client.send(
    new UpdateCommand({
      TableName: table.tableName,
      Key: entitlementKey(holderHash, change.benefit),
      UpdateExpression: `SET ${assignments.join(", ")}${remove}`,
      ConditionExpression: spec.condition,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: {
        ":entity": "entitlement",
        ":benefit": change.benefit,
        ":department": change.department,
        ":holder": change.holder,
        ":status": status,
        ":now": now.toISOString(),
        ":roster": entitlementRosterPartition(change.department),
        ":rosterSort": entitlementRosterSort(status, change.benefit, holderHash),
        ...spec.values,
      },
    }),
  );
}

/** Stops and ends apply to what the registry holds: a stop item lists every benefit it may stop, not those held. */
const ACTIVE = "#status = :active";
const HELD_NOT_ENDED = "attribute_exists(#status) AND #status <> :ended";
const ENDED_OR_NONE = "attribute_not_exists(#status) OR #status = :ended";

export function grant(
  table: StoreTable,
  holderHash: string,
  change: CaseEntitlementChange | RosterEntitlementChange,
  since: string,
  source: EntitlementSource,
  now: Date,
) {
  // A placed case's grant files the row under its place, once (a later grant elsewhere does not move it).
  const placePath = "placePath" in change ? change.placePath : undefined;
  const placed: { set: Record<string, string>; values: Record<string, unknown> } = placePath
    ? {
        set: {
          placePath: "if_not_exists(#placePath, :placePath)",
          [KEY_ATTRIBUTES.gsi4.pk]: `if_not_exists(#${KEY_ATTRIBUTES.gsi4.pk}, :placeRoster)`,
          [KEY_ATTRIBUTES.gsi4.sk]: `if_not_exists(#${KEY_ATTRIBUTES.gsi4.sk}, :placeSort)`,
        },
        values: {
          ":placePath": placePath,
          ":placeRoster": entitlementPlacePartition(change.department),
          ":placeSort": entitlementPlaceSort(placePath, change.benefit, holderHash),
        },
      }
    : { set: {}, values: {} };
  return guarded("grantEntitlement", () =>
    update(
      table,
      holderHash,
      change,
      "active",
      {
        set: { since: ":since", source: ":source", ...placed.set },
        remove: ["endedAt", "endedBy", "stopCaseId", "stopItemId"],
        condition: ENDED_OR_NONE,
        values: { ":since": since, ":source": source, ":ended": "ended", ...placed.values },
      },
      now,
    ),
  );
}

export function end(
  table: StoreTable,
  holderHash: string,
  change: CaseEntitlementChange | RosterEntitlementChange,
  endedAt: string,
  by: EntitlementSource,
  now: Date,
) {
  return guarded("endEntitlement", () =>
    update(
      table,
      holderHash,
      change,
      "ended",
      {
        set: { endedAt: ":endedAt", endedBy: ":by", source: "if_not_exists(#source, :by)" },
        // The row leaves the sparse index of entitlements held by the dead.
        remove: [KEY_ATTRIBUTES.gsi1.pk, KEY_ATTRIBUTES.gsi1.sk, "holderDead"],
        condition: HELD_NOT_ENDED,
        values: { ":endedAt": endedAt, ":by": by, ":ended": "ended" },
      },
      now,
    ),
  );
}

export async function applyCaseChange(
  table: StoreTable,
  holderHash: string,
  caseId: string,
  change: CaseEntitlementChange,
  now: Date,
) {
  const source: EntitlementSource = { kind: "case", caseId, itemId: change.itemId };
  switch (change.change) {
    case "grant":
      return grant(table, holderHash, change, chinaDate(now), source, now);
    case "end":
      return end(table, holderHash, change, now.toISOString(), source, now);
    case "stopping":
      return guarded("stopEntitlement", () =>
        update(
          table,
          holderHash,
          change,
          "stopping",
          {
            set: {
              stopCaseId: ":caseId",
              stopItemId: ":itemId",
              source: "if_not_exists(#source, :source)",
            },
            condition: ACTIVE,
            values: { ":caseId": caseId, ":itemId": change.itemId, ":source": source, ":active": "active" },
          },
          now,
        ),
      );
    case "restore":
      return guarded("restoreEntitlement", () =>
        update(
          table,
          holderHash,
          change,
          "active",
          {
            set: {},
            remove: ["stopCaseId", "stopItemId"],
            condition: "#status = :stopping AND #stopCaseId = :caseId AND #stopItemId = :itemId",
            values: { ":stopping": "stopping", ":caseId": caseId, ":itemId": change.itemId },
          },
          now,
        ),
      );
    default: {
      const never: never = change.change;
      throw new Error(`unknown entitlement change ${String(never)}`);
    }
  }
}

export const toRecord = (row: Record<string, unknown>): EntitlementRecord => {
  const parsed = parseRow(EntitlementRowSchema, row);
  const { holderDead, ...rest } = parsed;
  return { ...rest, ...(holderDead ? { holderDead: true } : {}) };
};
