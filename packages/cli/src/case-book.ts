import path from "node:path";
import { z } from "zod";
import type { Context } from "./context.ts";
import { CLI_CASES_FILE, readJsonFile, writeJsonFile } from "./data-dir.ts";
import { CliError } from "./errors.ts";
import { type Identity, IdentitySchema, parseIdentity } from "./identity.ts";

/**
 * `<dataDir>/cli-cases.json`: who submitted each case the CLI filed, so `status`, `supplement` and `withdraw`
 * can act as that applicant (or filing clerk) without being told again.
 */
export const CaseRecordSchema = z.strictObject({
  bundleId: z.string(),
  submittedAt: z.string(),
  /** The applicant, as a citizen identity: who `status`, `supplement` and `withdraw` act as. */
  as: IdentitySchema,
  /** The counter clerk who filed it, if one did. */
  filedBy: IdentitySchema.optional(),
  sample: z.string().optional(),
});
export type CaseRecord = z.infer<typeof CaseRecordSchema>;

const CaseBookSchema = z.strictObject({
  version: z.literal(1),
  cases: z.record(z.string(), CaseRecordSchema),
});

const fileOf = (ctx: Context) => path.join(ctx.dataDir, CLI_CASES_FILE);

export async function readCaseBook(ctx: Context): Promise<Record<string, CaseRecord>> {
  const raw = readJsonFile(fileOf(ctx));
  if (raw === undefined) return {};
  const parsed = CaseBookSchema.safeParse(raw);
  if (!parsed.success)
    throw new CliError(`${fileOf(ctx)} is not a CLI case book; move it away to start afresh`);
  return parsed.data.cases;
}

/**
 * Adds cases (read, merge, write to a temp file, rename: a reader never sees half a file). The book holds
 * applicants' ID numbers, so the file is the owner's only (0600), from the moment the temp file exists.
 */
export async function recordCases(ctx: Context, records: Record<string, CaseRecord>): Promise<void> {
  if (Object.keys(records).length === 0) return;
  const cases = { ...(await readCaseBook(ctx)), ...records };
  await writeJsonFile(fileOf(ctx), { version: 1, cases }, 0o600);
}

/**
 * Who to act as on a case: `--as` if given, else the identity recorded when the CLI submitted it, else an
 * operator (who may read, supplement and withdraw any case locally).
 */
export async function actorFor(
  ctx: Context,
  caseId: string,
  as: string | undefined,
): Promise<{ identity: Identity; source: "option" | "case-book" | "fallback" }> {
  if (as) return { identity: parseIdentity(as), source: "option" };
  const record = (await readCaseBook(ctx))[caseId];
  if (record) return { identity: record.as, source: "case-book" };
  return { identity: { role: "operator" }, source: "fallback" };
}
