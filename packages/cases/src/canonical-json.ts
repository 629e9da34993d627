/**
 * JSON with object keys in sorted order at every depth, so two bodies that differ only in key order (or in
 * `undefined` members, which JSON drops anyway) serialise — and hash — the same.
 *
 * @example canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: null } }) // '{"a":{"c":null,"d":[2,{"e":0,"f":1}]},"b":1}'
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => [k, sortKeys(v)]),
  );
}
