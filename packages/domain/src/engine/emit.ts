import type { Item } from "../bundle/schema.ts";
import { DataEventSchema } from "../events/data-events.ts";
import { caseScope } from "./inputs.ts";
import type { Run } from "./run.ts";
import type { ItemState, OpenCase } from "./types.ts";

/** Sets `value` at a dotted path of `target` (`person.idNumber`). */
function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split(".");
  let at = target;
  for (const part of parts.slice(0, -1)) {
    at[part] ??= {};
    at = at[part] as Record<string, unknown>;
  }
  at[parts[parts.length - 1] as string] = value;
}

/**
 * A completed item's `emits`: each event filled from the form and completed outputs, from the platform as source
 * (`case:<caseId>:<itemId>`, occurred now). An event the values do not make valid (a death date after today) is
 * not sent; the returned sentence says why, for the item's timeline entry.
 */
export function emitOnCompletion(
  run: Run,
  state: OpenCase,
  item: Item,
  itemState: ItemState,
): string | undefined {
  const scope = caseScope(state);
  const unsent: string[] = [];
  for (const emit of item.emits ?? []) {
    const raw: Record<string, unknown> = {
      type: emit.type,
      schemaVersion: 1,
      sourceEventId: `case:${state.caseId}:${itemState.itemId}`,
      occurredAt: run.at,
    };
    for (const [path, source] of Object.entries(emit.fields)) {
      const value = /^(applicant|subject|answers)\./.test(source)
        ? scope.field(source)
        : scope.output(source);
      if (value !== undefined) setPath(raw, path, value);
    }
    const parsed = DataEventSchema.safeParse(raw);
    if (parsed.success) {
      run.emit({ type: "EmitDataEvent", caseId: state.caseId, itemId: itemState.itemId, event: parsed.data });
    } else {
      const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
      unsent.push(`${emit.type} not emitted: ${problems}`);
    }
  }
  return unsent.length > 0 ? unsent.join(" | ") : undefined;
}
