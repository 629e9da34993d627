import { type TaskClaim, TaskTokenPayloadSchema } from "@onething/auth";
import { CliError } from "./errors.ts";

/**
 * What a task token names, read without verifying it (the platform verifies; the CLI only needs to know
 * which department to act as). A task token is `base64url(JSON claim with exp and kid).base64url(HMAC)`.
 */
export function decodeTaskToken(token: string): TaskClaim {
  const parts = token.trim().split(".");
  const [payload, signature] = parts;
  if (parts.length !== 2 || !payload || !signature) {
    throw new CliError("not a task token: expected <payload>.<signature> as printed by `onething tasks`", {
      code: "bad_task_token",
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    throw new CliError("not a task token: its payload is not base64url JSON", { code: "bad_task_token" });
  }
  const claim = TaskTokenPayloadSchema.safeParse(json);
  if (!claim.success) {
    throw new CliError("not a task token: its payload does not name a case, item, department and attempt", {
      code: "bad_task_token",
    });
  }
  const { exp: _exp, kid: _kid, ...named } = claim.data;
  return named;
}
