/**
 * The item family's reads: a department's open items (gsi3 `DEPT#…`; an office's, gsi4 `OFFICEITEMS#…`) and the
 * sweeper's due items (gsi1 `DUE#…`).
 */
import { InvalidStoreRequestError } from "../errors.ts";
import {
  dueItemsPartition,
  INDEX,
  officeItemsPartition,
  openItemsPartition,
  WAITING_PARTITION,
} from "../keys.ts";
import type { CaseStore } from "../ports.ts";
import { ItemRowSchema } from "../records.ts";
import { indexPage, mapLimit, parseRow, type StoreTable, withCursor } from "../table.ts";

export function createItemFamily(
  table: StoreTable,
): Pick<CaseStore, "listOpenItems" | "listOverdueItems" | "listExpiredWaits"> {
  return {
    async listOpenItems({ department, dueBefore, dueFrom, officePath, limit, cursor }) {
      if (officePath !== undefined) {
        if (dueBefore || dueFrom)
          throw new InvalidStoreRequestError("an office's open items take no deadline bounds");
        // One Query: the department's items of this office and every office below it (see `officeItemIndexKey`).
        const page = await indexPage(
          table,
          "listOpenItems",
          INDEX.gsi4,
          officeItemsPartition(department),
          { limit, cursor },
          { newestFirst: false, sortPrefix: officePath },
        );
        return withCursor(
          page.rows.map((row) => parseRow(ItemRowSchema, row)),
          page.cursor,
        );
      }
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

    async listExpiredWaits(now, limit) {
      const page = await indexPage(
        table,
        "listExpiredWaits",
        INDEX.gsi3,
        WAITING_PARTITION,
        { limit },
        { sortBefore: now.toISOString(), newestFirst: false },
      );
      return page.rows.map((row) => parseRow(ItemRowSchema, row));
    },
  };
}
