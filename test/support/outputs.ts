import type { Item } from "@onething/domain";
import { plausibleOutputs } from "@onething/local/outputs";

/**
 * Plausible outputs satisfying an item's required declarations, so a scripted department can complete it: the
 * local platform's generator without a seed (every enum its first option, so a scenario follows one known branch),
 * dated on the day of the tests' usual case (2026-03-02), with `overrides` on top.
 */
export function autoOutputs(item: Item, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const task = { caseId: "OT-20260302-SCRIPTED00", itemId: item.id, attempt: 1 };
  return { ...plausibleOutputs(item, { task }), ...overrides };
}
