import type { Bundle, ForEach, Item, LocalizedText } from "./schema.ts";

/** Between a for-each item's id and an element's key in an instance id: `benefit-stop--dibao`. */
export const INSTANCE_SEPARATOR = "--";

/** What an element's key must be: a short slug, so that every instance id is an item id. */
export const ELEMENT_KEY_PATTERN = /^[a-z][a-z0-9-]{0,19}$/;

/**
 * The longest id a for-each item may have: an instance id (id, separator, a key of up to 20 characters) must fit
 * the 63 characters of an item id.
 */
export const MAX_FOR_EACH_ID_LENGTH = 63 - INSTANCE_SEPARATOR.length - 20;

/** The id of the instance of `templateId` for the element keyed `key`. */
export const instanceId = (templateId: string, key: string): string =>
  `${templateId}${INSTANCE_SEPARATOR}${key}`;

/** The for-each item an instance id belongs to, and the element's key; undefined for any other id. */
export function instanceOf(bundle: Bundle, itemId: string): { template: Item; key: string } | undefined {
  for (const item of bundle.items) {
    if (!item.forEach) continue;
    const prefix = `${item.id}${INSTANCE_SEPARATOR}`;
    if (!itemId.startsWith(prefix)) continue;
    const key = itemId.slice(prefix.length);
    if (ELEMENT_KEY_PATTERN.test(key)) return { template: item, key };
  }
  return undefined;
}

/**
 * The definition an item id stands for: the bundle's item, or for an instance its for-each item. Every lookup of
 * an item by id goes through here, so instances work wherever items do.
 * @example itemDefinition(bundle, "benefit-stop--dibao") // the "benefit-stop" item
 */
export function itemDefinition(bundle: Bundle, itemId: string): Item | undefined {
  return bundle.items.find((i) => i.id === itemId) ?? instanceOf(bundle, itemId)?.template;
}

/** The name an item id is shown with: an instance's is its for-each item's, with the element's key. */
export function itemName(bundle: Bundle, itemId: string): LocalizedText | undefined {
  const item = bundle.items.find((i) => i.id === itemId);
  if (item) return item.name;
  const instance = instanceOf(bundle, itemId);
  if (!instance) return undefined;
  const { zh, en } = instance.template.name;
  return { zh: `${zh}（${instance.key}）`, en: `${en} (${instance.key})` };
}

/** The form field name of a for-each's list (`answers.<name>` → `<name>`). */
export const listFieldName = (forEach: ForEach): string => forEach.field.slice("answers.".length);

/** The elements of a for-each's list in the answers; none when the list is absent. */
export function listElements(answers: Record<string, unknown>, forEach: ForEach): Record<string, unknown>[] {
  const value = answers[listFieldName(forEach)];
  return Array.isArray(value) ? (value as Record<string, unknown>[]) : [];
}

/** The element of a for-each's list whose key is `key`. */
export function elementByKey(
  answers: Record<string, unknown>,
  forEach: ForEach,
  key: string,
): Record<string, unknown> | undefined {
  return listElements(answers, forEach).find((e) => e[forEach.key] === key);
}

/** Whether `ref` (`section.name`) is the list some for-each item runs over. */
export const isForEachList = (bundle: Bundle, ref: string): boolean =>
  bundle.items.some((i) => i.forEach?.field === ref);

/** Every department an item's work can go to: its own, and for a for-each item each its department field names. */
export function itemDepartments(bundle: Bundle, item: Item): string[] {
  const departments = new Set([item.department]);
  const field = bundle.form.fields.find((f) => `${f.section}.${f.name}` === item.forEach?.field);
  const departmentField = field?.of?.find((e) => e.name === item.forEach?.department);
  for (const o of departmentField?.options ?? []) departments.add(o.value);
  return [...departments];
}
