import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SQSClient } from "@aws-sdk/client-sqs";
import { WorkingCalendar } from "@onething/domain";
import { loadSeedCatalogue } from "@onething/seeds";
import { createCaseStore, createDocumentClient } from "@onething/store";
import { describe, expect, it } from "vitest";
import { CALENDAR_HORIZON_DAYS, calendarGap, createPlatform, warnIfCalendarEndsSoon } from "../src/index.ts";

const calendarOf = (...years: number[]) =>
  WorkingCalendar.fromData(years.map((year) => ({ year, source: "test", holidays: [] })));

function warnings() {
  const lines: { message: string; fields: Record<string, unknown> }[] = [];
  const ignore = () => {};
  const log = {
    info: ignore,
    error: ignore,
    warn: (message: string, fields: Record<string, unknown> = {}) => lines.push({ message, fields }),
  };
  return { lines, log };
}

describe("calendarGap", () => {
  it("names the years the next 60 days reach that the calendar lacks", () => {
    const calendar = calendarOf(2024, 2025, 2026);

    expect(CALENDAR_HORIZON_DAYS).toBe(60);
    expect(calendarGap(calendar, new Date("2026-03-02T02:00:00Z"))).toEqual([]);
    // 1 November + 60 days is 31 December, Beijing time: still covered.
    expect(calendarGap(calendar, new Date("2026-11-01T00:00:00+08:00"))).toEqual([]);
    expect(calendarGap(calendar, new Date("2026-11-23T13:00:00Z"))).toEqual([2027]);
    expect(calendarGap(calendarOf(2026, 2027), new Date("2026-11-23T13:00:00Z"))).toEqual([]);
  });

  it("counts the current year too, and goes by the Beijing date", () => {
    expect(calendarGap(calendarOf(2025), new Date("2026-03-02T02:00:00Z"))).toEqual([2026]);
    // 16:00 UTC on 31 December is already 1 January in Beijing.
    expect(calendarGap(calendarOf(2026, 2027), new Date("2026-12-31T16:00:00Z"))).toEqual([]);
    expect(calendarGap(calendarOf(2026), new Date("2026-12-31T16:00:00Z"))).toEqual([2027]);
  });
});

describe("the warning at cold start", () => {
  it("warns once with the known and missing years when the calendar ends within 60 days", () => {
    const { lines, log } = warnings();

    warnIfCalendarEndsSoon(calendarOf(2025, 2026), new Date("2026-11-23T13:00:00Z"), log);

    expect(lines).toEqual([
      {
        message: "working-day calendar ends soon",
        fields: {
          knownYears: [2025, 2026],
          missingYears: [2027],
          horizonDays: 60,
          action: "add seeds/calendar/2027.json from the State Council holiday notice",
        },
      },
    ]);
  });

  it("is raised by createPlatform, with the platform's clock", () => {
    const platformAt = (now: string) => {
      const { lines, log } = warnings();
      createPlatform({
        catalogue: loadSeedCatalogue(),
        calendar: calendarOf(2026),
        // Clients are built, never called: nothing is contacted.
        store: createCaseStore({
          applicantIndexKey: "test-applicant-index-key-0123456789abcdef",
          client: createDocumentClient(new DynamoDBClient({ region: "local" })),
          tableName: "cases",
        }),
        sqs: new SQSClient({ region: "local" }),
        queues: {
          orchestrator: "https://sqs.local/000/o.fifo",
          results: "https://sqs.local/000/r",
          departments: {},
        },
        taskTokenSecret: "s".repeat(32),
        clock: () => new Date(now),
        log,
      });
      return lines.map((l) => l.message);
    };

    expect(platformAt("2026-11-23T13:00:00Z")).toEqual(["working-day calendar ends soon"]);
    expect(platformAt("2026-03-02T02:00:00Z")).toEqual([]);
  });
});
