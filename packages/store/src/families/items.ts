/** The item family's reads: a department's open items (gsi3 `DEPT#…`) and the sweeper's due items (gsi1 `DUE#…`). */
import { dueItemsPartition, INDEX, openItemsPartition } from "../keys.ts";
import type { CaseStore } from "../ports.ts";
import { ItemRowSchema } from "../records.ts";
import { indexPage, mapLimit, parseRow, type StoreTable, withCursor } from "../table.ts";

export function createItemFamily(table: StoreTable): Pick<CaseStore, "listOpenItems" | "listOverdueItems"> {
  return {
    async listOpenItems({ department, dueBefore, dueFrom, limit, cursor }) {
      const page = await indexPage(
        table,
        "listOpenItems",
        INDEX.gsi3,
        openItemsPartition(department),
        { limit, cursor },
        {
          newestFirst: false,
          ...(dueBefore ? { sortBefore: dueBefore.toISOString() } : {}),
          ...(dueFrom ? { sortFrom: dueFrom.toISOString() } : {}),
        },
      );
      return withCursor(
        page.rows.map((row) => parseRow(ItemRowSchema, row)),
        page.cursor,
      );
    },

    async listOverdueItems(now, departments, limitPerDepartment) {
      const pages = await mapLimit(departments, 8, (department) =>
        indexPage(
          table,
          "listOverdueItems",
          INDEX.gsi1,
          dueItemsPartition(department),
          { limit: limitPerDepartment },
          { sortBefore: now.toISOString(), newestFirst: false },
        ),
      );
      return pages.flatMap((page) => page.rows.map((row) => parseRow(ItemRowSchema, row)));
    },
  };
}
