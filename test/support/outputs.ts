import type { Item } from "@onething/domain";

/** Plausible outputs satisfying an item's required declarations, so a scripted department can complete it. */
export function autoOutputs(item: Item, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const o of item.outputs) {
    if (!o.required) continue;
    switch (o.type) {
      case "records":
        out[o.name] = [{ holder: `${item.department}-holder`, kind: "deposit", amount: 1000 }];
        break;
      case "boolean":
        out[o.name] = true;
        break;
      case "integer":
      case "number":
        out[o.name] = 1;
        break;
      case "date":
        out[o.name] = "2026-03-02";
        break;
      case "enum":
        out[o.name] = o.options?.[0];
        break;
      default:
        out[o.name] = `${item.id}-0001`;
    }
  }
  return { ...out, ...overrides };
}
