import { INSTANCE_SEPARATOR, MAX_FOR_EACH_ID_LENGTH } from "./for-each.ts";
import { type Bundle, type FormField, type Item, PLATFORM_DEPARTMENT } from "./schema.ts";

type Add = (itemId: string | undefined, field: string | undefined, message: string) => void;

/** A `list` field declares its elements (unique names, options exactly on enums); other fields declare none. */
export function checkListField(f: FormField, add: Add): void {
  const where = `form.${f.section}.${f.name}`;
  if (f.type !== "list") {
    if (f.of || f.maxItems !== undefined) add(undefined, where, "only list fields take `of` and `maxItems`");
    return;
  }
  if (!f.of) {
    add(undefined, where, "a list field needs `of`, the fields of its elements");
    return;
  }
  if (f.pii) add(undefined, where, "tag the personal data of a list on its element fields, not on the list");
  const names = new Set<string>();
  for (const e of f.of) {
    const at = `${where}.of.${e.name}`;
    if (names.has(e.name)) add(undefined, at, "duplicate element field");
    names.add(e.name);
    if (e.type === "enum" && !e.options) add(undefined, at, "an enum field needs options");
    if (e.type !== "enum" && e.options) add(undefined, at, "only enum fields take options");
  }
}

/**
 * A for-each item is a task over a real list field, keyed by a required text or enum element field, with an
 * optional department field that can only name known departments; its id leaves room for the keys, and no other
 * item's id could be mistaken for one of its instances.
 */
export function checkForEach(bundle: Bundle, item: Item, departments: ReadonlySet<string>, add: Add): void {
  const { forEach } = item;
  if (!forEach) return;
  if (item.kind !== "task")
    add(item.id, "forEach", `only a task can run for each element, not a ${item.kind}`);
  if (item.id.length > MAX_FOR_EACH_ID_LENGTH) {
    add(
      item.id,
      "id",
      `a for-each item's id has at most ${MAX_FOR_EACH_ID_LENGTH} characters (room for the keys)`,
    );
  }
  for (const other of bundle.items) {
    if (other.id.startsWith(`${item.id}${INSTANCE_SEPARATOR}`)) {
      add(other.id, "id", `reads as an instance of the for-each item ${item.id}`);
    }
  }
  const list = bundle.form.fields.find((f) => `${f.section}.${f.name}` === forEach.field);
  if (list?.type !== "list") {
    add(item.id, "forEach.field", `${forEach.field} is not a list field of the form`);
    return;
  }
  const element = (name: string) => list.of?.find((e) => e.name === name);
  const key = element(forEach.key);
  if (!key) add(item.id, "forEach.key", `${forEach.key} is not an element field of ${forEach.field}`);
  else if (!key.required || (key.type !== "text" && key.type !== "enum")) {
    add(item.id, "forEach.key", `the key ${forEach.key} must be a required text or enum element field`);
  }
  if (forEach.department === undefined) return;
  const department = element(forEach.department);
  if (!department) {
    add(item.id, "forEach.department", `${forEach.department} is not an element field of ${forEach.field}`);
  } else if (!department.required || department.type !== "enum") {
    // An enum whose options are departments: the form itself then refuses any other value, naming the element.
    add(item.id, "forEach.department", `${forEach.department} must be a required enum element field`);
  } else {
    for (const o of department.options ?? []) {
      if (!departments.has(o.value) || o.value === PLATFORM_DEPARTMENT) {
        add(item.id, "forEach.department", `option ${o.value} of ${forEach.department} is not a department`);
      }
    }
  }
}
