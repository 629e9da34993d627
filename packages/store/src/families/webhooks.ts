/**
 * The webhook family (issue 17): `WEBHOOKS#<department>` / `OFFICE#<jurisdiction>`, one row per office with a
 * registered endpoint and its signing secret. One partition per department, so the senders' directory reads all of
 * a department's registrations with one query (and caches them). The secret is stored as is: it must be at hand
 * to sign, and the table is encrypted at rest with the stack's customer-managed data key on AWS (README,
 * "Webhook secrets").
 */
import { DeleteCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { WebhookRegistration, WebhookRepository } from "@onething/cases";
import { z } from "zod";
import { WEBHOOK_SK_PREFIX, webhookKey, webhookPartition } from "../keys.ts";
import { parseRow, queryAll, type StoreTable, sendTranslated } from "../table.ts";

const WebhookRowSchema = z.object({
  department: z.string(),
  office: z.string(),
  url: z.string(),
  secret: z.string(),
  createdAt: z.string(),
  registeredBy: z.string(),
  previousSecret: z.string().optional(),
  previousSecretUntil: z.string().optional(),
});

const toRegistration = (row: Record<string, unknown>): WebhookRegistration => {
  const { department, office, url, secret, createdAt, registeredBy, previousSecret, previousSecretUntil } =
    parseRow(WebhookRowSchema, row);
  return {
    department,
    office,
    url,
    secret,
    createdAt,
    registeredBy,
    ...(previousSecret && previousSecretUntil ? { previousSecret, previousSecretUntil } : {}),
  };
};

/** The registrations over the table (`createDocumentClient`'s client). */
export function createWebhookStore(table: StoreTable): WebhookRepository {
  const list = async (department: string) =>
    (
      await queryAll(table, "listWebhooks", {
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
        ExpressionAttributeValues: { ":pk": webhookPartition(department), ":prefix": WEBHOOK_SK_PREFIX },
        ConsistentRead: true,
      })
    ).map(toRegistration);
  return {
    async putWebhook(registration) {
      await sendTranslated("putWebhook", () =>
        table.client.send(
          new PutCommand({
            TableName: table.tableName,
            Item: {
              ...webhookKey(registration.department, registration.office),
              entity: "webhook",
              ...registration,
            },
          }),
        ),
      );
    },
    async getWebhook(department, office) {
      return (await list(department)).find((r) => r.office === office);
    },
    async deleteWebhook(department, office) {
      const result = await sendTranslated("deleteWebhook", () =>
        table.client.send(
          new DeleteCommand({
            TableName: table.tableName,
            Key: webhookKey(department, office),
            ReturnValues: "ALL_OLD",
          }),
        ),
      );
      return result.Attributes !== undefined;
    },
    listWebhooks: list,
  };
}
