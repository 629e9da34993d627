import { DATA_EVENT_PATHS } from "../events/data-events.ts";
import { EMITTABLE_EVENT_TYPES } from "../events/types.ts";
import type { Benefit, Bundle, Item } from "./schema.ts";

type Add = (itemId: string | undefined, field: string | undefined, message: string) => void;

/**
 * An item's entitlements name registered benefits held at the item's own department, for a bundle that says whose
 * they are (`caseSubject`); a for-each item's `endsElement` is an enum element field whose options are the benefits,
 * every one of them.
 */
export function checkEntitlements(
  bundle: Bundle,
  item: Item,
  benefits: ReadonlyMap<string, Benefit>,
  add: Add,
): void {
  const declared = item.entitlements;
  if (!declared) return;
  if (!bundle.caseSubject) {
    add(
      item.id,
      "entitlements",
      "a bundle whose items change entitlements needs a caseSubject (whose they are)",
    );
  }
  for (const key of ["grants", "ends"] as const) {
    for (const id of declared[key]) {
      const benefit = benefits.get(id);
      if (!benefit) add(item.id, `entitlements.${key}`, `unknown benefit ${id}`);
      else if (benefit.department !== item.department) {
        const message = `benefit ${id} is held at ${benefit.department}, not at the item's ${item.department}`;
        add(item.id, `entitlements.${key}`, message);
      }
    }
  }
  if (declared.endsElement === undefined) return;
  const at = "entitlements.endsElement";
  if (!item.forEach) {
    add(item.id, at, "only a for-each item ends the benefit its element names");
    return;
  }
  const list = bundle.form.fields.find((f) => `${f.section}.${f.name}` === item.forEach?.field);
  const element = list?.of?.find((e) => e.name === declared.endsElement);
  if (!element) {
    add(item.id, at, `${declared.endsElement} is not an element field of ${item.forEach.field}`);
  } else if (element.type !== "enum" || !element.required) {
    add(item.id, at, `${declared.endsElement} must be a required enum element field of benefit ids`);
  }
  const options = element?.type === "enum" ? (element.options ?? []).map((o) => o.value) : [];
  for (const o of options) {
    if (!benefits.has(o)) add(item.id, at, `option ${o} of ${declared.endsElement} is not a benefit`);
  }
  // Any entitlement the registry holds may have to be stopped: a benefit left out would fail the case's form.
  if (element?.type === "enum" && benefits.size > 0)
    for (const id of benefits.keys())
      if (!options.includes(id))
        add(item.id, at, `benefit ${id} is not an option of ${declared.endsElement}`);
  const department = item.forEach.department;
  if (department === undefined || !list?.of?.some((e) => e.name === department)) {
    add(
      item.id,
      "forEach.department",
      "an item ending the benefit of each element needs the element's department",
    );
  }
}

/**
 * What an item emits is an emittable event type, every key a known path of it and every required path filled,
 * each from a form field or an output of the item itself or of an item it waits for.
 */
export function checkEmits(
  item: Item,
  fieldRefs: ReadonlySet<string>,
  items: ReadonlyMap<string, Item>,
  upstream: ReadonlySet<string>,
  add: Add,
): void {
  for (const [index, emit] of (item.emits ?? []).entries()) {
    const at = `emits.${index}`;
    if (!EMITTABLE_EVENT_TYPES.includes(emit.type)) {
      add(item.id, `${at}.type`, `an item may emit only ${EMITTABLE_EVENT_TYPES.join(", ")}`);
      continue;
    }
    const paths = DATA_EVENT_PATHS[emit.type];
    for (const p of paths) {
      if (p.required && emit.fields[p.path] === undefined) {
        add(item.id, `${at}.fields`, `${emit.type} needs ${p.path}`);
      }
    }
    for (const [path, source] of Object.entries(emit.fields)) {
      const where = `${at}.fields.${path}`;
      if (!paths.some((p) => p.path === path)) add(item.id, where, `${path} is not a path of ${emit.type}`);
      if (/^(applicant|subject|answers)\./.test(source)) {
        if (!fieldRefs.has(source)) add(item.id, where, `names unknown form field ${source}`);
        continue;
      }
      const [producerId = "", name = ""] = source.split(".");
      const producer = items.get(producerId);
      if (!producer?.outputs.some((o) => o.name === name)) {
        add(item.id, where, `reads output ${source}, which no item declares`);
      } else if (producerId !== item.id && !upstream.has(producerId)) {
        add(
          item.id,
          where,
          `reads output ${source}: ${producerId} is neither this item nor among its dependencies`,
        );
      }
    }
  }
}
