import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { AuthError } from "./errors.ts";

/**
 * What a lease id stands for: one receive of one message of a department's queue by one office. `receipt` is the
 * SQS receipt handle of that receive (never shown to the lessee), `until` the lease's end (epoch milliseconds).
 */
export const LeaseClaimSchema = z.strictObject({
  department: z.string().min(1),
  /** The lessee's office: its jurisdiction code (`000000`: the department everywhere). */
  office: z.string().min(1),
  messageId: z.string().min(1),
  receipt: z.string().min(1),
  until: z.number().int().positive(),
});
export type LeaseClaim = z.infer<typeof LeaseClaimSchema>;

/** A lease id the platform did not issue (forged, corrupted, or from another deployment): 404 `unknown_lease`. */
export class UnknownLeaseError extends AuthError {
  constructor(message: string) {
    super("not_found", "unknown_lease", message);
  }
}

/** A lease id of another department or office than the caller's: 403 `lease_not_yours`. */
export class LeaseNotYoursError extends AuthError {
  constructor(message: string) {
    super("forbidden", "lease_not_yours", message);
  }
}

/** Who presents a lease id: a department and its office. */
export interface Lessee {
  readonly department: string;
  readonly office: string;
}

const VERSION = "l1";
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Binds the ciphertext to its use: a blob sealed for anything else does not open here. */
const AAD = Buffer.from("onething/department-lease/v1");

/**
 * Lease ids: `l1.` + base64url(iv ‖ AES-256-GCM(json) ‖ tag). Encrypted, so the receipt handle inside is never seen
 * by the caller, and authenticated, so a lease id cannot be altered or made up; the department and office it was
 * leased by are inside it, so another office's lease id opens (it is the platform's) but is refused.
 * @example const ids = createLeaseIds(key); const id = ids.seal(claim); ids.open(id, { department, office })
 */
export function createLeaseIds(keyMaterial: string) {
  if (keyMaterial.length < 32) throw new Error("the lease-id key must be at least 32 characters");
  const key = createHash("sha256").update(keyMaterial).digest();
  return {
    seal(claim: LeaseClaim): string {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv("aes-256-gcm", key, iv).setAAD(AAD);
      const json = JSON.stringify(LeaseClaimSchema.parse(claim));
      const body = Buffer.concat([cipher.update(json, "utf8"), cipher.final()]);
      return `${VERSION}.${Buffer.concat([iv, body, cipher.getAuthTag()]).toString("base64url")}`;
    },
    /** The claim of a lease id this platform sealed for `lessee`; `UnknownLeaseError` / `LeaseNotYoursError` else. */
    open(leaseId: string, lessee: Lessee): LeaseClaim {
      const claim = unseal(key, leaseId);
      if (claim.department !== lessee.department || claim.office !== lessee.office)
        throw new LeaseNotYoursError("this lease was taken by another department office");
      return claim;
    },
  };
}
export type LeaseIds = ReturnType<typeof createLeaseIds>;

function unseal(key: Buffer, leaseId: string): LeaseClaim {
  const [version, blob, extra] = leaseId.split(".");
  if (version !== VERSION || !blob || extra !== undefined) throw new UnknownLeaseError("malformed lease id");
  const raw = Buffer.from(blob, "base64url");
  if (raw.length <= IV_BYTES + TAG_BYTES) throw new UnknownLeaseError("malformed lease id");
  const iv = raw.subarray(0, IV_BYTES);
  const tag = raw.subarray(raw.length - TAG_BYTES);
  let json: string;
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, iv).setAAD(AAD);
    decipher.setAuthTag(tag);
    json = Buffer.concat([
      decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)),
      decipher.final(),
    ]).toString("utf8");
  } catch {
    throw new UnknownLeaseError("the lease id was not issued by this platform");
  }
  const parsed = LeaseClaimSchema.safeParse(JSON.parse(json));
  if (!parsed.success) throw new UnknownLeaseError("the lease id is malformed");
  return parsed.data;
}
