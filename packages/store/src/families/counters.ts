/**
 * The dashboard counters' reads: cases per bundle and status, items and answers per department, compliance per
 * bundle, throughput per minute and transitions per Beijing day. One partition per id, never a Scan; the writes
 * are `ADD`s in each commit (`counterDeltas`, `activityDeltas`).
 */
import { InvalidStoreRequestError } from "../errors.ts";
import {
  caseCounterPartition,
  dayCounterPartition,
  departmentCounterPartition,
  durationCounterPartition,
  minuteCounterPartition,
  overdueByBundlePartition,
} from "../keys.ts";
import type { CaseStore, Counters } from "../ports.ts";
import {
  CaseCounterRowSchema,
  DayCounterRowSchema,
  DepartmentCounterRowSchema,
  LabelledCountRowSchema,
  MinuteCounterRowSchema,
} from "../records.ts";
import { mapLimit, parseRow, queryAll, type StoreTable } from "../table.ts";

/** `getDailyCounters` reads one partition per day; a wider range is a report, not a dashboard query. */
export const MAX_DAILY_RANGE_DAYS = 366;

export function createCounterFamily(
  table: StoreTable,
): Pick<
  CaseStore,
  "getCounters" | "getThroughput" | "getDailyCounters" | "getDurationHistogram" | "getOverdueByDepartment"
> {
  const partition = (operation: string, pk: string) =>
    queryAll(table, operation, {
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": pk },
    });
  const counts = async (operation: string, pk: string, label: string) => {
    const out: Record<string, number> = {};
    for (const row of await partition(operation, pk)) {
      const parsed = parseRow(LabelledCountRowSchema, row);
      const key = String(row[label]);
      out[key] = (out[key] ?? 0) + parsed.count;
    }
    return out;
  };
  return {
    async getDurationHistogram(bundleId) {
      const byBucket = await counts("getDurationHistogram", durationCounterPartition(bundleId), "bucket");
      return Object.entries(byBucket).map(([bucket, count]) => ({ bucket: Number(bucket), count }));
    },

    async getOverdueByDepartment(bundleId) {
      return counts("getOverdueByDepartment", overdueByBundlePartition(bundleId), "department");
    },

    async getCounters({ bundleIds, departments }) {
      const [caseRows, departmentRows] = await Promise.all([
        mapLimit(bundleIds, 8, (bundleId) => partition("getCounters", caseCounterPartition(bundleId))),
        mapLimit(departments, 8, (department) =>
          partition("getCounters", departmentCounterPartition(department)),
        ),
      ]);
      return countersFrom(bundleIds, departments, caseRows.flat(), departmentRows);
    },

    async getThroughput(from, to) {
      const start = Math.floor(from.getTime() / 60_000) * 60_000;
      const end = to.getTime();
      if (!(end > start) || end - start > 86_400_000)
        throw new InvalidStoreRequestError("a throughput range runs forward and spans at most a day");
      const hours: string[] = [];
      for (let h = Math.floor(start / 3_600_000) * 3_600_000; h < end; h += 3_600_000)
        hours.push(new Date(h).toISOString().slice(0, 13));
      const fromMinute = new Date(start).toISOString().slice(0, 16);
      const toMinute = new Date(end).toISOString().slice(0, 16);
      const rows = await mapLimit(hours, 8, (hour) =>
        partition("getThroughput", minuteCounterPartition(hour)),
      );
      return rows
        .flat()
        .map((row) => parseRow(MinuteCounterRowSchema, row))
        .filter(
          (row) =>
            row.minute >= fromMinute &&
            (row.minute < toMinute || (end % 60_000 !== 0 && row.minute === toMinute)),
        );
    },

    async getDailyCounters(fromDay, toDay) {
      const rows = await mapLimit(daysBetween(fromDay, toDay), 8, (day) =>
        partition("getDailyCounters", dayCounterPartition(day)),
      );
      return rows.flat().map((row) => parseRow(DayCounterRowSchema, row));
    },
  };
}

/** Sums the department partitions' rows into held / overdue counts, answer activity and per-bundle compliance. */
function countersFrom(
  bundleIds: readonly string[],
  departments: readonly string[],
  caseRows: Record<string, unknown>[],
  departmentRows: Record<string, unknown>[][],
): Counters {
  const compliance = new Map(bundleIds.map((bundleId) => [bundleId, { bundleId, answered: 0, onTime: 0 }]));
  const perDepartment = departments.map((department, i) => {
    const totals = { OPEN: 0, OVERDUE: 0, NO_DEADLINE: 0, ANSWERED: 0, ON_TIME: 0, HANDLING_MS: 0 };
    for (const raw of departmentRows[i] ?? []) {
      const row = parseRow(DepartmentCounterRowSchema, raw);
      totals[row.metric] += row.count;
      const bundle = "bundleId" in row && row.bundleId ? compliance.get(row.bundleId) : undefined;
      if (bundle && row.metric === "ANSWERED") bundle.answered += row.count;
      if (bundle && row.metric === "ON_TIME") bundle.onTime += row.count;
    }
    return { department, totals };
  });
  return {
    cases: caseRows.map((row) => parseRow(CaseCounterRowSchema, row)),
    departments: perDepartment.map(({ department, totals }) => ({
      department,
      open: totals.OPEN,
      overdue: totals.OVERDUE,
      noDeadline: totals.NO_DEADLINE,
    })),
    activity: perDepartment.map(({ department, totals }) => ({
      department,
      answered: totals.ANSWERED,
      onTime: totals.ON_TIME,
      handlingMs: totals.HANDLING_MS,
    })),
    compliance: [...compliance.values()],
  };
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function daysBetween(fromDay: string, toDay: string): string[] {
  const from = DAY.test(fromDay) ? Date.parse(`${fromDay}T00:00:00Z`) : Number.NaN;
  const to = DAY.test(toDay) ? Date.parse(`${toDay}T00:00:00Z`) : Number.NaN;
  if (Number.isNaN(from) || Number.isNaN(to))
    throw new InvalidStoreRequestError(`days must be yyyy-mm-dd, got ${fromDay} and ${toDay}`);
  const count = Math.round((to - from) / 86_400_000) + 1;
  if (count < 1 || count > MAX_DAILY_RANGE_DAYS)
    throw new InvalidStoreRequestError(
      `day range must run forward and span at most ${MAX_DAILY_RANGE_DAYS} days`,
    );
  return Array.from({ length: count }, (_, i) => new Date(from + i * 86_400_000).toISOString().slice(0, 10));
}
