import { outputValue } from "../format.ts";

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
    <table className="records">
      <caption>{caption}</caption>
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c} scope="col" data-column={c}>
              {header(c)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {records.map((r, i) => (
          // Report rows have no identity of their own; their order is the report's.
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          <tr key={i}>
            {columns.map((c) => (
              <td key={c}>{cell(c, r[c])}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
