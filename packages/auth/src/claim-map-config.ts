import { z } from "zod";
import type { ClaimMap } from "./claim-map.ts";

/**
 * A claim map as configuration: the JSON a stage gives (`--context claimMap=…`) and the API function reads at cold
 * start (`CLAIM_MAP_ENV`). Checked strictly, so a misspelt key fails the deployment instead of mapping nothing.
 */
const names = z.array(z.string().min(1)).min(1);
export const ClaimMapSchema = z.strictObject({
  role: names.optional(),
  idNumber: names.optional(),
  uscc: names.optional(),
  office: names.optional(),
  permissions: names.optional(),
  name: names.optional(),
  groups: names.optional(),
  groupRoles: z.record(z.string(), z.enum(["citizen", "clerk", "operator", "department"])).optional(),
  groupPermissions: z.record(z.string(), z.enum(["reveal", "calendar"])).optional(),
  defaultRole: z.literal("citizen").optional(),
});

/** The API function's environment variable holding a stage's claim map (JSON); absent: the default mapping. */
export const CLAIM_MAP_ENV = "CLAIM_MAP";

/** A stage's claim map that is not JSON or not a claim map: the deployment or the cold start stops on it. */
export class ClaimMapConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ClaimMapConfigError";
  }
}

/** A claim map from its JSON text; throws `ClaimMapConfigError` naming what is wrong. */
export function parseClaimMap(json: string): ClaimMap {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    throw new ClaimMapConfigError(`the claim map is not JSON: ${(error as Error).message}`);
  }
  const parsed = ClaimMapSchema.safeParse(raw);
  if (!parsed.success)
    throw new ClaimMapConfigError(
      `the claim map is malformed: ${parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ")}`,
    );
  return parsed.data;
}
