import { outputValue } from "../format.ts";

/** Rows of a `records` output (e.g. the asset-inquiry report): one column per key any row has. */
export function RecordsTable({ rows, caption }: { rows: unknown[]; caption: string }) {
  const records = rows.filter((r): r is Record<string, unknown> => typeof r === "object" && r !== null);
  const columns = [...new Set(records.flatMap((r) => Object.keys(r)))];
  return (
    <table className="records">
      <caption>{caption}</caption>
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c} scope="col">
              {c}
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
              <td key={c}>{outputValue(r[c])}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
