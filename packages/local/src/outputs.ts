import type { Item } from "@onething/domain";
import { draw, drawInt } from "./random.ts";

/** Beijing calendar date (UTC+8, no daylight saving) of an instant, `yyyy-mm-dd`. */
export function beijingDate(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/**
 * Plausible outputs for a simulated department completing an item: every required output of the item's
 * declaration, of the declared type (the platform validates them like any department's answer). Enum outputs
 * pick an option with the seeded draw, so demo runs see more than the first branch; the rest is fixed.
 *
 * @example simulatedOutputs(item, { seed: "demo", key: "OT-1:death-certificate-hospital:1", now })
 */
export function simulatedOutputs(
  item: Item,
  context: { readonly seed: string; readonly key: string; readonly now: Date },
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const serial = String(drawInt(context.seed, `${context.key}:serial`, 1, 999_999)).padStart(6, "0");
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
        out[o.name] = beijingDate(context.now);
        break;
      case "enum": {
        const options = o.options ?? [];
        out[o.name] = options[Math.floor(draw(context.seed, `${context.key}:${o.name}`) * options.length)];
        break;
      }
      case "document":
        out[o.name] = `doc://${item.department}/${item.id}/${serial}`;
        break;
      case "text":
        out[o.name] = `${item.id}-${serial}`;
        break;
      default: {
        const never: never = o.type;
        throw new Error(`unhandled output type ${String(never)}`);
      }
    }
  }
  return out;
}
