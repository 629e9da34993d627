// The one DynamoDB table: its keys and indexes, which the store's key builders (packages/store/src/keys.ts) fill.
import { tableName } from "./names.ts";

export interface KeyAttribute {
  readonly name: string;
  readonly type: "S";
}

export interface GlobalSecondaryIndexSpec {
  readonly name: "gsi1" | "gsi2" | "gsi3" | "gsi4";
  readonly partitionKey: KeyAttribute;
  readonly sortKey: KeyAttribute;
  readonly projection: "ALL";
  readonly purpose: string;
}

export interface TableSpec {
  readonly logicalId: string;
  readonly name: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey: KeyAttribute;
  readonly globalSecondaryIndexes: readonly GlobalSecondaryIndexSpec[];
  readonly timeToLiveAttribute: string;
  readonly billingMode: "PAY_PER_REQUEST";
  readonly pointInTimeRecovery: boolean;
}

/** Every index is keyed `<name>pk` / `<name>sk` (strings) and projects every attribute. */
const index = (name: GlobalSecondaryIndexSpec["name"], purpose: string): GlobalSecondaryIndexSpec => ({
  name,
  partitionKey: { name: `${name}pk`, type: "S" },
  sortKey: { name: `${name}sk`, type: "S" },
  projection: "ALL",
  purpose,
});

/** The one table (single-table design): `pk`/`sk`, four indexes, TTL on `expiresAt`, on demand, PITR on. */
export function tableSpec(prefix: string): TableSpec {
  return {
    logicalId: "Table",
    name: tableName(prefix),
    partitionKey: { name: "pk", type: "S" },
    sortKey: { name: "sk", type: "S" },
    globalSecondaryIndexes: [
      index("gsi1", "cases by status, sorted by updated time"),
      index("gsi2", "cases by bundle"),
      index("gsi3", "open items by department, sorted by due time; overdue cases by submission time"),
      index(
        "gsi4",
        "a citizen's cases (keyed hash of the applicant identity), a clerk's filed cases, cases with an item open at a department; by submission time",
      ),
    ],
    timeToLiveAttribute: "expiresAt",
    billingMode: "PAY_PER_REQUEST",
    pointInTimeRecovery: true,
  };
}
