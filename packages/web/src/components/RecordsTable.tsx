import { outputValue } from "../format.ts";
import { DataTable } from "./DataTable.tsx";

/**
 * Rows of a `records` output (e.g. the asset-inquiry report): one column per key any row has, headed and filled by
 * the given formatters (raw keys and values without them).
 */
export function RecordsTable({
  rows,
  caption,
  header = (column) => column,
  cell = (_column, value) => outputValue(value),
}: {
  rows: unknown[];
  caption: string;
  header?: (column: string) => string;
  cell?: (column: string, value: unknown) => string;
}) {
  const records = rows.filter((r): r is Record<string, unknown> => typeof r === "object" && r !== null);
  const columns = [...new Set(records.flatMap((r) => Object.keys(r)))];
  return (
    <DataTable
      className="records"
      caption={caption}
      columns={columns.map((c) => ({
        key: c,
        header: header(c),
        headerProps: { "data-column": c },
        cell: (r: Record<string, unknown>) => cell(c, r[c]),
      }))}
      rows={records}
      // Report rows have no identity of their own; their order is the report's.
      rowKey={(_r, index) => index}
    />
  );
}
