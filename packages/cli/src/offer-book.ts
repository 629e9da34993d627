import path from "node:path";
import { residentIdProblem } from "@onething/domain";
import { z } from "zod";
import type { Context } from "./context.ts";
import { readJsonFile, writeJsonFile } from "./data-dir.ts";
import { CliError } from "./errors.ts";

/**
 * `<dataDir>/cli-offers.json`: to whom each offer the CLI listed is addressed, and the citizen it last listed for,
 * so `offer show|accept|decline <offerId>` and a bare `offers` act as that person without being told again. It
 * holds ID numbers: the owner's only (0600), like the case book.
 */
export const CLI_OFFERS_FILE = "cli-offers.json";

const OfferBookSchema = z.strictObject({
  version: z.literal(1),
  last: z.string().optional(),
  offers: z.record(z.string(), z.string()),
});
type OfferBook = z.infer<typeof OfferBookSchema>;

const fileOf = (ctx: Context) => path.join(ctx.dataDir, CLI_OFFERS_FILE);

export function readOfferBook(ctx: Context): OfferBook {
  const raw = readJsonFile(fileOf(ctx));
  if (raw === undefined) return { version: 1, offers: {} };
  const parsed = OfferBookSchema.safeParse(raw);
  if (!parsed.success)
    throw new CliError(`${fileOf(ctx)} is not a CLI offer book; move it away to start afresh`);
  return parsed.data;
}

/** Remembers the addressee of these offers, and the citizen last listed for. */
export async function recordOffers(
  ctx: Context,
  idNumber: string,
  offerIds: readonly string[],
): Promise<void> {
  const book = readOfferBook(ctx);
  const offers = { ...book.offers, ...Object.fromEntries(offerIds.map((id) => [id, idNumber])) };
  await writeJsonFile(fileOf(ctx), { version: 1, last: idNumber, offers }, 0o600);
}

/** `--as` for offers: an ID number, or `citizen:<idNumber>` as `--as` elsewhere. */
export function parseCitizenAs(text: string): string {
  const idNumber = text.startsWith("citizen:") ? text.slice("citizen:".length) : text;
  const problem = residentIdProblem(idNumber);
  if (problem) throw new CliError(`--as ${text}: the ID number ${problem}`, { exitCode: 2, code: "usage" });
  return idNumber;
}

/**
 * Whose offers: `--as`, else the addressee the CLI recorded for this offer, else the citizen it last listed
 * offers for; otherwise a usage error saying how to name one.
 */
export function addresseeFor(ctx: Context, as: string | undefined, offerId?: string): string {
  if (as !== undefined) return parseCitizenAs(as);
  const book = readOfferBook(ctx);
  const known = (offerId === undefined ? undefined : book.offers[offerId]) ?? book.last;
  if (known) return known;
  throw new CliError(
    `say whose offers with --as <idNumber>: only the person an offer is addressed to may see it${
      offerId === undefined ? "" : ` (the CLI has not listed ${offerId} with data dir ${ctx.dataDir})`
    }`,
    { exitCode: 2, code: "usage" },
  );
}
