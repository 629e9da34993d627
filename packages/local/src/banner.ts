import { join } from "node:path";
import { type CalendarSource, provisionalYearsAhead } from "@onething/cases";
import type { ProvisionedQueues } from "@onething/local-services";
import type { RedispatchReport } from "@onething/ops";
import { CALENDAR_HORIZON_DAYS } from "@onething/platform";
import { DYNAMODB_DIR, type RuntimeFile, SQS_DIR } from "./data-dir.ts";
import type { ResolvedOptions } from "./options.ts";

/** `2027`, `2024–2026` or `2024–2026, 2028`: consecutive years as runs. */
function yearRange(years: readonly number[]): string {
  const runs: [number, number][] = [];
  for (const year of [...years].sort((a, b) => a - b)) {
    const last = runs.at(-1);
    if (last && last[1] === year - 1) last[1] = year;
    else runs.push([year, year]);
  }
  return runs.map(([a, b]) => (a === b ? String(a) : `${a}–${b}`)).join(", ") || "none";
}

/** What `npm start` prints once everything answers: where each part runs, the clock, the calendar. */
export function banner(
  runtime: RuntimeFile,
  options: ResolvedOptions,
  startupMs: number,
  recovery: RedispatchReport | undefined,
  calendar: { official: readonly number[]; provisional: readonly number[] },
): string {
  const simulated =
    options.simulated.length === 0
      ? "none (every task waits for a person: use the CLI)"
      : options.simulated.length === Object.keys(runtime.queues.departments).length
        ? `all ${options.simulated.length} departments`
        : options.simulated.join(", ");
  const lines = [
    `OneThing is running (started in ${(startupMs / 1000).toFixed(1)} s)`,
    `  API and pages   ${runtime.url}   (OpenAPI: ${runtime.url}/v1/openapi.json)`,
    ...(runtime.oidcIssuer
      ? [`  Sign-in (OIDC)  ${runtime.oidcIssuer}   (the pages' login page; dev tokens too)`]
      : []),
    `  DynamoDB Local  ${runtime.dynamoEndpoint}   ${options.inMemory ? "in memory" : `data in ${join(options.dataDir, DYNAMODB_DIR)}`}`,
    `  SQS emulator    ${runtime.sqsEndpoint}   ${options.inMemory ? "in memory" : `data in ${join(options.dataDir, SQS_DIR)}; open tasks re-sent on start`}`,
    `  Data dir        ${options.dataDir}   (dev-secrets.json, runtime.json)`,
    `  Clock           ${options.timeScale === 1 ? "real time" : `×${options.timeScale}`}; sweeper every ${(options.sweepIntervalMs / 1000).toFixed(1)} s`,
    `  Simulated       ${simulated}`,
    `  Sources         ${
      options.sources.enabled
        ? `${options.sources.population} simulated residents: rosters, then a death or a birth (and a large ` +
          `medical bill) every ${(options.sources.intervalMs / 1000).toFixed(1)} s`
        : "off"
    }`,
    `  Citizens        ${
      options.citizens.enabled
        ? `look at their offers every ${(options.citizens.intervalMs / 1000).toFixed(1)} s: open, accept, decline some (npx onething offers --as <idNumber>)`
        : "off: offers wait for you (npx onething offers --as <idNumber>)"
    }`,
    `  Calendar        official ${yearRange(calendar.official)}` +
      (calendar.provisional.length > 0
        ? `; provisional ${yearRange(calendar.provisional)} (statutory rule, deadlines marked 暂定` +
          ` until the notice is loaded: npx onething calendar import <file>)`
        : ""),
    ...(recovery && recovery.resent > 0
      ? [`  Recovered       ${recovery.resent} open task(s) re-sent to their departments`]
      : []),
    "  Ctrl-C stops everything.",
    "",
  ];
  return `${lines.join("\n")}\n`;
}

/** What the CLI reads from `<data-dir>/runtime.json`: where this run's parts listen. */
export function runtimeFileOf(parts: {
  url: string;
  resolved: ResolvedOptions;
  dynamo: { endpoint: string };
  sqsService: { endpoint: string };
  tableName: string;
  queues: ProvisionedQueues;
  oidcIssuer?: string | undefined;
}): RuntimeFile {
  const { queues, resolved } = parts;
  return {
    pid: process.pid,
    url: parts.url,
    startedAt: new Date().toISOString(),
    dataDir: resolved.dataDir,
    inMemory: resolved.inMemory,
    timeScale: resolved.timeScale,
    dynamoEndpoint: parts.dynamo.endpoint,
    sqsEndpoint: parts.sqsService.endpoint,
    tableName: parts.tableName,
    queues: {
      orchestrator: { url: queues.orchestrator.url, deadLetterUrl: queues.orchestrator.deadLetterQueue.url },
      results: { url: queues.results.url, deadLetterUrl: queues.results.deadLetterQueue.url },
      events: { url: queues.events.url, deadLetterUrl: queues.events.deadLetterQueue.url },
      webhooks: { url: queues.webhooks.url, deadLetterUrl: queues.webhooks.deadLetterQueue.url },
      departments: Object.fromEntries(Object.entries(queues.departments).map(([id, q]) => [id, q.url])),
      departmentDeadLetters: Object.fromEntries(
        Object.entries(queues.departments).map(([id, q]) => [id, q.deadLetterQueue.url]),
      ),
    },
    simulatedDepartments: [...resolved.simulated],
    ...(parts.oidcIssuer ? { oidcIssuer: parts.oidcIssuer } : {}),
  };
}

/**
 * The official years, and the provisional ones deadlines may reach soon: a fast clock reaches next year sooner, so
 * it looks as far ahead as a working day's run (8 real hours) goes.
 */
export async function calendarStatusOf(calendars: CalendarSource, now: Date, timeScale: number) {
  const counting = await calendars.current();
  return {
    official: counting.officialYears,
    provisional: provisionalYearsAhead(
      counting,
      now,
      Math.max(CALENDAR_HORIZON_DAYS, Math.ceil((8 / 24) * timeScale)),
    ),
  };
}
