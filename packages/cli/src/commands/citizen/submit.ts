import { randomUUID } from "node:crypto";
import type { SubmitApplicationResponse } from "@onething/contracts";
import { type Bundle, itemName } from "@onething/domain";
import { samples } from "@onething/seeds/samples";
import { createApiClient, submitApplication } from "../../api.ts";
import { recordCases } from "../../case-book.ts";
import { bundleOrThrow, catalogue, findSample } from "../../catalogue.ts";
import type { Args, Command } from "../../command.ts";
import { emit } from "../../context.ts";
import { CliError } from "../../errors.ts";
import { renderTable, truncate } from "../../format.ts";
import {
  applicantIdentity,
  DEFAULT_OFFICE,
  describeIdentity,
  type Identity,
  mintToken,
  parseOffice,
} from "../../identity.ts";
import { readJsonArgument } from "../../values.ts";

export interface ApplicationBody {
  bundleId: string;
  applicant: Record<string, unknown>;
  subject?: Record<string, unknown>;
  answers: Record<string, unknown>;
  channel?: "online" | "counter";
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * An application from a file: the request body (`{ bundleId?, applicant, subject?, answers }`) or a seed
 * sample file (`{ bundleId, application: { … } }`).
 */
export function applicationFromJson(raw: unknown, bundleId: string, source: string): ApplicationBody {
  if (!isRecord(raw)) throw new CliError(`${source} must hold a JSON object`);
  const inner = isRecord(raw.application) ? raw.application : raw;
  if (typeof raw.bundleId === "string" && raw.bundleId !== bundleId) {
    throw new CliError(`${source} is an application to ${raw.bundleId}, not ${bundleId}`, {
      exitCode: 2,
      code: "usage",
    });
  }
  if (!isRecord(inner.applicant)) throw new CliError(`${source} has no applicant object`);
  return {
    bundleId,
    applicant: inner.applicant,
    ...(isRecord(inner.subject) ? { subject: inner.subject } : {}),
    answers: isRecord(inner.answers) ? inner.answers : {},
    // A request body may name its channel; a sample's channel describes the story, not the request.
    ...(inner === raw && (raw.channel === "online" || raw.channel === "counter")
      ? { channel: raw.channel }
      : {}),
  };
}

async function readApplicationFile(file: string, bundleId: string): Promise<ApplicationBody> {
  return applicationFromJson(await readJsonArgument(file), bundleId, file === "-" ? "stdin" : file);
}

/** Who files it: the applicant themself, or a counter clerk with --as-clerk. */
export function submitterFor(bundle: Bundle, application: ApplicationBody, args: Args): Identity {
  const clerk = args.string("as-clerk");
  if (clerk !== undefined) {
    if (clerk.trim() === "") throw args.usage("--as-clerk needs the clerk's name");
    const office = args.string("office");
    return { role: "clerk", name: clerk, office: office ? parseOffice(office, "--office") : DEFAULT_OFFICE };
  }
  return applicantIdentity(bundle, application);
}

/** `8 dispatched, 7 skipped, 9 pending` */
export function itemStatusCounts(response: SubmitApplicationResponse): string {
  const counts = new Map<string, number>();
  for (const i of response.items) counts.set(i.status, (counts.get(i.status) ?? 0) + 1);
  return [...counts.entries()].map(([s, n]) => `${n} ${s}`).join(", ");
}

function itemTable(bundle: Bundle, response: SubmitApplicationResponse): string {
  return renderTable(
    [{ header: "item", max: 44 }, { header: "department" }, { header: "status" }],
    response.items.map((i) => {
      const name = itemName(bundle, i.itemId);
      return [name ? `${name.zh} ${truncate(name.en, 26)}` : i.itemId, i.department, i.status];
    }),
  );
}

const sampleList = () =>
  catalogue()
    .bundles.map(
      (b) =>
        `  ${b.id}: ${samples
          .filter((s) => s.bundleId === b.id)
          .map((s) => s.id)
          .join(", ")}`,
    )
    .join("\n");

export const submitCommand: Command = {
  name: "submit",
  summary: "submit an application to a bundle (a sample, or a JSON file)",
  usage: [
    "submit <bundle> --sample [--sample-id <id>] [--as-clerk <name> [--office <code>]]",
    "submit <bundle> --file <application.json | -> [--as-clerk <name>]",
  ],
  description: [
    "Submits as the applicant the application names: a citizen token for applicant.idNumber, or for an " +
      "organisation's bundle a token carrying applicant.uscc (with the legal representative's ID number when the " +
      "form has one). With --as-clerk, a counter clerk files it instead (channel counter). The applicant is " +
      "remembered in <data-dir>/cli-cases.json, so `status`, `supplement` and `withdraw` act as them.",
    "A file holds the request body ({ applicant, subject?, answers }) or a seed sample file. Samples:\n" +
      sampleList(),
  ],
  options: {
    sample: {
      type: "boolean",
      description: "submit one of the bundle's sample applications (the first by default)",
    },
    "sample-id": {
      type: "string",
      value: "<id>",
      description: "which sample: its id, or the part after the prefix",
    },
    file: { type: "string", value: "<file>", description: "the application as JSON (- reads stdin)" },
    "as-clerk": { type: "string", value: "<name>", description: "file it at the counter as this clerk" },
    office: {
      type: "string",
      value: "<code>",
      description: `the clerk's office, a jurisdiction code (default ${DEFAULT_OFFICE}); the case is received there`,
    },
    "idempotency-key": {
      type: "string",
      value: "<key>",
      description: "the Idempotency-Key header (default: a new UUID; repeat a key to retry safely)",
    },
  },
  positionals: { min: 1, max: 1 },
  examples: [
    "onething submit after-death --sample",
    "onething submit social-assistance --sample --sample-id elderly-couple-dibao --as-clerk 王芳 --office 330212001",
    "onething submit marriage-birth-household --file my-application.json",
  ],
  async run(ctx, args) {
    const bundle = bundleOrThrow(args.positional(0, "the bundle id"));
    const file = args.string("file");
    const useSample = args.flag("sample") || args.has("sample-id");
    if (useSample === (file !== undefined)) throw args.usage("give either --sample or --file");
    const sample = useSample ? findSample(bundle.id, args.string("sample-id")) : undefined;
    const application: ApplicationBody = sample
      ? { bundleId: bundle.id, ...structuredClone(sample.application) }
      : await readApplicationFile(file as string, bundle.id);
    const identity = submitterFor(bundle, application, args);
    const token = await mintToken(ctx, identity);
    const api = await createApiClient(ctx);
    const idempotencyKey = args.string("idempotency-key") ?? randomUUID();
    const response = await submitApplication(api, application, token, idempotencyKey);
    const submittedAt = ctx.now().toISOString();
    await recordCases(ctx, {
      [response.caseId]: {
        bundleId: bundle.id,
        submittedAt,
        as: applicantIdentity(bundle, application),
        ...(identity.role === "clerk" ? { filedBy: identity } : {}),
        ...(sample ? { sample: sample.id } : {}),
      },
    });
    emit(
      ctx,
      {
        ...response,
        bundleId: bundle.id,
        as: identity,
        idempotencyKey,
        ...(sample ? { sample: sample.id } : {}),
      },
      () =>
        [
          `Submitted case ${response.caseId} (${bundle.id}${sample ? `, sample ${sample.id}` : ""}) as ${describeIdentity(identity)}: ${response.status}, items ${itemStatusCounts(response)}`,
          "",
          itemTable(bundle, response),
          "",
          `next: npx onething status ${response.caseId}`,
        ].join("\n"),
    );
    return 0;
  },
};
