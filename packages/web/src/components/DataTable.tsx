import type { HTMLAttributes, ReactNode, ThHTMLAttributes } from "react";

/** Attributes of a row or heading, `data-*` ones included (the browser tests find rows by them). */
type Attributes<E> = E & { [data: `data-${string}`]: string | undefined };

/** One column: its heading and, for each row, its cell. */
export interface Column<Row> {
  /** React's key for the column's cells. */
  readonly key: string;
  readonly header: ReactNode;
  readonly cell: (row: Row) => ReactNode;
  /** The cell names its row (`<th scope="row">`): screen readers announce it with every other cell of the row. */
  readonly rowHeader?: boolean;
  /** `num`: figures, right-aligned in tabular digits. */
  readonly className?: string;
  readonly headerProps?: Attributes<ThHTMLAttributes<HTMLTableCellElement>>;
}

/**
 * Every table of the pages: column headings (`scope="col"`), one row per entry, optionally a caption, a row saying
 * there is nothing (`empty`) and a footer (`<tfoot>`).
 * @example
 * <DataTable columns={[{ key: "queue", header: t("ops.queue"), rowHeader: true, cell: (q) => q.queue }]}
 *   rows={queues} rowKey={(q) => q.queue} />
 */
export function DataTable<Row>(props: {
  columns: readonly Column<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row, index: number) => string | number;
  rowProps?: (row: Row) => Attributes<HTMLAttributes<HTMLTableRowElement>>;
  caption?: ReactNode;
  label?: string;
  className?: string;
  empty?: ReactNode;
  footer?: ReactNode;
}) {
  const { columns } = props;
  return (
    <table aria-label={props.label} className={props.className}>
      {props.caption !== undefined && <caption>{props.caption}</caption>}
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c.key} scope="col" {...c.headerProps}>
              {c.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {props.rows.length === 0 && props.empty !== undefined && (
          <tr>
            <td colSpan={columns.length}>{props.empty}</td>
          </tr>
        )}
        {props.rows.map((row, index) => (
          <tr key={props.rowKey(row, index)} {...props.rowProps?.(row)}>
            {columns.map((c) =>
              c.rowHeader ? (
                <th key={c.key} scope="row" className={c.className}>
                  {c.cell(row)}
                </th>
              ) : (
                <td key={c.key} className={c.className}>
                  {c.cell(row)}
                </td>
              ),
            )}
          </tr>
        ))}
      </tbody>
      {props.footer}
    </table>
  );
}
