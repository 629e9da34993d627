import type { Predicate, PredicateLeaf, Scalar } from "./schema.ts";

/** Looks up the value a leaf names; `undefined` when the field was not answered or the output does not exist. */
export interface PredicateScope {
  field(ref: string): unknown;
  output(ref: string): unknown;
}

/**
 * Evaluates a condition. Missing values satisfy only `exists: false`; comparisons between
 * different types are false, never coerced.
 * @example evaluatePredicate({ field: "answers.hasKitchen", equals: true }, scope)
 */
export function evaluatePredicate(predicate: Predicate, scope: PredicateScope): boolean {
  if ("all" in predicate) return predicate.all.every((p) => evaluatePredicate(p, scope));
  if ("any" in predicate) return predicate.any.some((p) => evaluatePredicate(p, scope));
  if ("not" in predicate) return !evaluatePredicate(predicate.not, scope);
  return evaluateLeaf(predicate, scope);
}

function evaluateLeaf(leaf: PredicateLeaf, scope: PredicateScope): boolean {
  const value = leaf.field !== undefined ? scope.field(leaf.field) : scope.output(leaf.output ?? "");
  const present = value !== undefined && value !== null && value !== "";
  if (leaf.exists !== undefined) return present === leaf.exists;
  if (!present) return false;
  if (leaf.equals !== undefined) return value === leaf.equals;
  if (leaf.in !== undefined) return leaf.in.includes(value as Scalar);
  if (leaf.gt !== undefined) return compare(value, leaf.gt, (c) => c > 0);
  if (leaf.gte !== undefined) return compare(value, leaf.gte, (c) => c >= 0);
  if (leaf.lt !== undefined) return compare(value, leaf.lt, (c) => c < 0);
  if (leaf.lte !== undefined) return compare(value, leaf.lte, (c) => c <= 0);
  return false;
}

function compare(value: unknown, bound: number | string, accept: (c: number) => boolean): boolean {
  if (typeof value === "number" && typeof bound === "number") return accept(value - bound);
  // ISO dates (YYYY-MM-DD) order correctly as strings.
  if (typeof value === "string" && typeof bound === "string") {
    return accept(value < bound ? -1 : value > bound ? 1 : 0);
  }
  return false;
}

/** Every form field and output a condition reads, for catalogue validation. */
export function predicateReferences(predicate: Predicate): { fields: string[]; outputs: string[] } {
  const fields: string[] = [];
  const outputs: string[] = [];
  const walk = (p: Predicate): void => {
    if ("all" in p) p.all.forEach(walk);
    else if ("any" in p) p.any.forEach(walk);
    else if ("not" in p) walk(p.not);
    else if (p.field !== undefined) fields.push(p.field);
    else if (p.output !== undefined) outputs.push(p.output);
  };
  walk(predicate);
  return { fields, outputs };
}
