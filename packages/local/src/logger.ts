import type { CaseLogger } from "@onething/cases";
import { maskLogFields, maskPiiInText } from "@onething/platform";

/** Where the local platform's JSON log lines go (one line per call, no trailing newline). */
export type LogSink = (line: string) => void;

export type LogLevel = "info" | "warn" | "error";

/**
 * A `CaseLogger` for one local "function" (api, orchestrator, results, sweeper, departments): JSON lines shaped like
 * the Lambda logs (level, service, timestamp, message, fields), PII masked with the platform's own masking. Lines
 * below `minLevel` are dropped: the quiet default shows errors only, `--verbose` streams everything.
 */
export function createSinkLogger(
  service: string,
  sink: LogSink,
  minLevel: LogLevel,
  now: () => Date = () => new Date(),
): CaseLogger {
  const rank: Record<LogLevel, number> = { info: 0, warn: 1, error: 2 };
  const write =
    (level: LogLevel) =>
    (message: string, fields: Record<string, unknown> = {}) => {
      if (rank[level] < rank[minLevel]) return;
      sink(
        JSON.stringify({
          level: level.toUpperCase(),
          service,
          timestamp: now().toISOString(),
          message: maskPiiInText(message),
          ...maskLogFields(fields),
        }),
      );
    };
  return { info: write("info"), warn: write("warn"), error: write("error") };
}
