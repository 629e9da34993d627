import { randomUUID } from "node:crypto";
import { DataEventAcceptedSchema, type DataEventStatus, DataEventStatusSchema } from "@onething/contracts";
import { chinaDate, residentIdProblem } from "@onething/domain";
import { beijingIso } from "@onething/local/beijing-time";
import { type ApiClient, createApiClient, parseResponse } from "../../api.ts";
import { catalogue } from "../../catalogue.ts";
import type { Command } from "../../command.ts";
import { emit } from "../../context.ts";
import { CliError } from "../../errors.ts";
import { mintToken } from "../../identity.ts";
import { readJsonArgument } from "../../values.ts";

const DEATH_REGISTRY = "health-death-registry";

/** Today in Beijing (the day a death is recorded on). */
const beijingDay = (at: Date) => chinaDate(at);

function personDied(idNumber: string, name: string, diedOn: string, now: Date) {
  const problem = residentIdProblem(idNumber);
  if (problem) throw new CliError(`the ID number ${problem}`, { exitCode: 2, code: "usage" });
  return {
    type: "PersonDied",
    schemaVersion: 1,
    sourceEventId: `cli-${randomUUID()}`,
    // At Beijing's offset: the schema checks `diedOn` against occurredAt's own date, which in UTC is the day
    // before until 08:00 Beijing time.
    occurredAt: beijingIso(now),
    person: { idNumber, name },
    diedOn,
  };
}

async function statusOf(api: ApiClient, token: string, sourceEventId: string): Promise<DataEventStatus> {
  return parseResponse(
    DataEventStatusSchema,
    await api.request("GET", `/v1/events/${encodeURIComponent(sourceEventId)}`, { token }),
    "event status",
  );
}

/** Polls until the events function has run the event (or the wait is over): what it did, in one answer. */
async function waitForDone(api: ApiClient, token: string, sourceEventId: string, seconds: number) {
  const until = Date.now() + seconds * 1000;
  for (;;) {
    const status = await statusOf(api, token, sourceEventId).catch((error: unknown) => {
      if (error instanceof CliError && error.code === "unknown_event") return undefined;
      throw error;
    });
    if (status?.status === "done" || Date.now() >= until) return status;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const describe = (status: DataEventStatus | undefined, sourceEventId: string) =>
  !status
    ? `${sourceEventId}: accepted, not yet received by the events function`
    : status.status === "received"
      ? `${sourceEventId}: received, still running`
      : [
          `${sourceEventId}: done — ${status.outcome?.summary ?? ""}`,
          ...(status.outcome?.startedCases ?? []).map((c) => `  started ${c}`),
          ...(status.outcome?.touchedCases ?? []).map((c) => `  changed ${c}`),
        ].join("\n");

export const eventCommand: Command = {
  name: "event",
  summary: "send a data event as a source system (卫健's death registry, a roster …) and see what it did",
  usage: [
    "event died <idNumber> <name> [--died-on <yyyy-mm-dd>] [--source <sourceId>]",
    "event send <sourceId> <file|->",
    "event status <sourceId> <sourceEventId>",
  ],
  description: [
    "`died` records a death as 卫健's death registry would (PersonDied): every active benefit of the person gets " +
      "a stop task in one benefit-stop case, and open applications where the person is the applicant are " +
      "withdrawn. `send` posts any event of the contract (PersonDied, ChildBorn, HouseholdRegistrationCancelled, " +
      "EntitlementGranted, EntitlementEnded, LargeMedicalExpense; see the README) from a file or stdin, as the " +
      "named source. Both wait (up to --wait seconds, default 10) for the events function and print what the " +
      "event did. The same sourceEventId sent again changes nothing.",
  ],
  options: {
    source: {
      type: "string",
      value: "<sourceId>",
      description: `the source system (default ${DEATH_REGISTRY})`,
    },
    "died-on": {
      type: "string",
      value: "<yyyy-mm-dd>",
      description: "the day of death (default: today, Beijing)",
    },
    wait: {
      type: "string",
      value: "<seconds>",
      description: "how long to wait for the outcome (default 10; 0: don't)",
    },
  },
  positionals: { min: 1, max: 3 },
  examples: [
    "onething event died 330212194203170010 陈阿婆",
    "onething event send civil-affairs-roster granted.json",
    "onething event status health-death-registry dmc-2026-000117",
  ],
  async run(ctx, args) {
    const action = args.positional(0, "died, send or status");
    const known = [...catalogue().sources.keys()];
    const sourceNamed = (source: string) => {
      if (!known.includes(source))
        throw args.usage(`no source system ${source}; the sources are ${known.join(", ")}`);
      return source;
    };
    const api = await createApiClient(ctx);
    if (action === "status") {
      const source = sourceNamed(args.positional(1, "the source system"));
      const token = await mintToken(ctx, { role: "source", source });
      const status = await statusOf(api, token, args.positional(2, "the sourceEventId"));
      emit(ctx, status, () => describe(status, status.sourceEventId));
      return 0;
    }
    let source: string;
    let event: unknown;
    if (action === "died") {
      source = sourceNamed(args.string("source") ?? DEATH_REGISTRY);
      const now = ctx.now();
      event = personDied(
        args.positional(1, "the ID number"),
        args.positional(2, "the name"),
        args.string("died-on") ?? beijingDay(now),
        now,
      );
    } else if (action === "send") {
      source = sourceNamed(args.positional(1, "the source system"));
      event = await readJsonArgument(args.positional(2, "the event's JSON file (or - for stdin)"));
    } else throw args.usage(`event ${action}: expected died, send or status`);
    const token = await mintToken(ctx, { role: "source", source });
    const accepted = parseResponse(
      DataEventAcceptedSchema,
      await api.request("POST", "/v1/events", { token, body: event }),
      "event",
    );
    const seconds = args.number("wait", { min: 0, max: 120 }) ?? 10;
    const status = seconds > 0 ? await waitForDone(api, token, accepted.sourceEventId, seconds) : undefined;
    emit(ctx, { ...accepted, ...(status ? { outcome: status } : {}) }, () =>
      accepted.status === "duplicate"
        ? `${accepted.sourceEventId}: sent before with the same body; nothing changes`
        : describe(status, accepted.sourceEventId),
    );
    return 0;
  },
};
