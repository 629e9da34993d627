/** `countAll` on DynamoDB Local: a COUNT over every page, where one Query counts only what one page reads. */
import { BatchWriteCommand } from "@aws-sdk/lib-dynamodb";
import { describe, expect, it } from "vitest";
import { countAll, query } from "../src/table.ts";
import { createTestTable } from "./dynamo.ts";

const table = await createTestTable("count-all");

describe("countAll", () => {
  it("counts the matches of every page, not only the first one's", async () => {
    const rows = Array.from({ length: 7 }, (_, i) => ({
      pk: "COUNT#1",
      sk: `ROW#${i}`,
      ...(i % 3 === 0 ? { readAt: "2026-12-07T00:00:00.000Z" } : {}),
    }));
    await table.client.send(
      new BatchWriteCommand({
        RequestItems: { [table.tableName]: rows.map((Item) => ({ PutRequest: { Item } })) },
      }),
    );
    // Pages of two stand in for DynamoDB's 1 MB page: a single Query counts the first page only.
    const input = {
      KeyConditionExpression: "pk = :p",
      FilterExpression: "attribute_not_exists(readAt)",
      ExpressionAttributeValues: { ":p": "COUNT#1" },
      Limit: 2,
    };
    const first = await query(table, "count", { ...input, Select: "COUNT" });
    expect(first.Count).toBeLessThan(4);
    expect(await countAll(table, "count", input)).toBe(4);
    await table.drop();
  });
});
