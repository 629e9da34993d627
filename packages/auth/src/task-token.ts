import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { ForgedTaskTokenError } from "./errors.ts";

/**
 * What a task token names: exactly one attempt of one item of one case, for one department office. `office` is
 * the office's jurisdiction path (absent on tokens signed before places, and on the registry's seal).
 */
export const TaskClaimSchema = z.strictObject({
  caseId: z.string().min(1),
  itemId: z.string().min(1),
  department: z.string().min(1),
  attempt: z.number().int().positive(),
  office: z.string().min(1).optional(),
});
export type TaskClaim = z.infer<typeof TaskClaimSchema>;

const b64url = (buf: Buffer) => buf.toString("base64url");

/**
 * Signs and verifies task tokens: `base64url(json).base64url(hmac-sha256)`. URL-safe, so it can sit in the
 * path of POST /v1/tasks/{taskToken}/result.
 * @example const token = tokens.sign({ caseId, itemId, department, attempt: 1 }); tokens.verify(token)
 */
export function createTaskTokens(secret: string) {
  if (secret.length < 32) throw new Error("the task-token secret must be at least 32 characters");
  const mac = (payload: string) => createHmac("sha256", secret).update(payload).digest();
  return {
    sign(claim: TaskClaim): string {
      const payload = b64url(Buffer.from(JSON.stringify(TaskClaimSchema.parse(claim))));
      return `${payload}.${b64url(mac(payload))}`;
    },
    /** Throws ForgedTaskTokenError unless the platform signed exactly this token. */
    verify(token: string): TaskClaim {
      const [payload, signature, extra] = token.split(".");
      if (!payload || !signature || extra !== undefined)
        throw new ForgedTaskTokenError("malformed task token");
      const expected = mac(payload);
      const given = Buffer.from(signature, "base64url");
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        throw new ForgedTaskTokenError("task token signature does not verify");
      }
      let json: unknown;
      try {
        json = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
      } catch {
        throw new ForgedTaskTokenError("task token payload is not JSON");
      }
      const claim = TaskClaimSchema.safeParse(json);
      if (!claim.success) throw new ForgedTaskTokenError("task token payload is malformed");
      return claim.data;
    },
  };
}
export type TaskTokens = ReturnType<typeof createTaskTokens>;
