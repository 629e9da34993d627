import type { Item } from "../bundle/schema.ts";
import type { CaseState, ItemState } from "./types.ts";

/**
 * One report in one place: a row per record each source returned, or a row saying why a source has none.
 * (Korea's Safe Inheritance answers per holder in separate messages; its users' main complaint.)
 */
export function assembleReport(item: Item, state: CaseState): Record<string, unknown> {
  const rows: Record<string, unknown>[] = [];
  for (const depId of item.dependsOn) {
    const dep = state.items[depId] as ItemState;
    const refs = item.inputs.outputs.filter((r) => r.startsWith(`${depId}.`));
    const records = refs.flatMap((r) => {
      const value = dep.outputs?.[r.slice(depId.length + 1)];
      return Array.isArray(value) ? (value as Record<string, unknown>[]) : [];
    });
    if (dep.status !== "completed") {
      rows.push({
        source: depId,
        department: dep.department,
        status: dep.status,
        note: dep.skipReason ?? dep.reason ?? null,
      });
    } else if (records.length === 0) {
      rows.push({ source: depId, department: dep.department, status: "completed", note: "nothing found" });
    } else {
      for (const r of records)
        rows.push({ source: depId, department: dep.department, status: "completed", ...r });
    }
  }
  const name = item.outputs[0]?.name ?? "report";
  return { [name]: rows };
}
