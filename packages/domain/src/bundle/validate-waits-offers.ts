import type { CatalogueIssue } from "../errors.ts";
import { type DataEventPathType, dataEventPath } from "../events/data-events.ts";
import { predicateReferences } from "./predicate.ts";
import type { Bundle, FormField, Item, OutputType } from "./schema.ts";

type Add = (itemId: string | undefined, field: string | undefined, message: string) => void;

const FIELD_REF = /^(applicant|subject|answers)\./;

/** Which output types a value of an event path may fill. */
const OUTPUT_TYPES_OF: Record<DataEventPathType, readonly OutputType[]> = {
  idNumber: ["text"],
  text: ["text"],
  place: ["text"],
  enum: ["text", "enum"],
  date: ["date"],
  number: ["number"],
};

/**
 * A `wait` item has `awaits` (and no other item has): each declared output mapped from a known path of the event
 * type, of a type the output takes, and nothing else mapped; `timeout.from` a date field of the form; no
 * `forEach`, `offers` or `entitlements`.
 */
export function checkWait(bundle: Bundle, item: Item, add: Add): void {
  if (item.kind !== "wait") {
    if (item.awaits) add(item.id, "awaits", `only a wait item awaits an event; this is a ${item.kind}`);
    return;
  }
  const awaits = item.awaits;
  if (!awaits) {
    add(item.id, "awaits", "a wait item needs awaits: the event it waits for");
    return;
  }
  for (const key of ["forEach", "offers", "entitlements"] as const)
    if (item[key] !== undefined) add(item.id, key, `a wait item takes no ${key}`);
  for (const o of item.outputs)
    if (awaits.outputs[o.name] === undefined)
      add(item.id, `awaits.outputs.${o.name}`, `output ${o.name} is not mapped from ${awaits.event}`);
  for (const [name, ref] of Object.entries(awaits.outputs)) {
    const at = `awaits.outputs.${name}`;
    const output = item.outputs.find((o) => o.name === name);
    if (!output) add(item.id, at, `${name} is not a declared output of ${item.id}`);
    const path = dataEventPath(awaits.event, ref.slice("event.".length));
    if (!path) add(item.id, at, `${ref} is not a path of ${awaits.event}`);
    else if (output && !OUTPUT_TYPES_OF[path.type].includes(output.type))
      add(item.id, at, `${ref} (${path.type}) cannot fill the ${output.type} output ${name}`);
  }
  const from = awaits.timeout.from;
  if (from !== undefined) {
    const field = bundle.form.fields.find((f) => `${f.section}.${f.name}` === from);
    if (field?.type !== "date")
      add(item.id, "awaits.timeout.from", `${from} is not a date field of the form`);
  }
}

/**
 * An item's offers within its own bundle: the addressee an idNumber field, each source a form field or a declared
 * output of the item itself or of an item it waits for, and `when` reading only those.
 */
export function checkOfferSources(
  bundle: Bundle,
  item: Item,
  items: ReadonlyMap<string, Item>,
  upstream: ReadonlySet<string>,
  add: Add,
): void {
  const fieldOf = (ref: string) => bundle.form.fields.find((f) => `${f.section}.${f.name}` === ref);
  const checkSource = (where: string, ref: string) => {
    if (FIELD_REF.test(ref)) {
      if (!fieldOf(ref)) add(item.id, where, `names unknown form field ${ref}`);
      return;
    }
    const [producerId = "", name = ""] = ref.split(".");
    const producer = items.get(producerId);
    if (!producer?.outputs.some((o) => o.name === name))
      add(item.id, where, `reads output ${ref}, which no item declares`);
    else if (producerId !== item.id && !upstream.has(producerId))
      add(
        item.id,
        where,
        `reads output ${ref}: ${producerId} is neither this item nor among its dependencies`,
      );
  };
  for (const [index, offer] of (item.offers ?? []).entries()) {
    const at = `offers.${index}`;
    if (fieldOf(offer.addressee)?.type !== "idNumber")
      add(item.id, `${at}.addressee`, `${offer.addressee} is not an idNumber field of the form`);
    if (offer.form["applicant.idNumber"] !== offer.addressee)
      add(
        item.id,
        `${at}.form.applicant.idNumber`,
        `must be ${offer.addressee}: only the applicant can accept an offer`,
      );
    for (const [target, source] of Object.entries(offer.form)) checkSource(`${at}.form.${target}`, source);
    if (offer.when) {
      const refs = predicateReferences(offer.when);
      for (const ref of [...refs.fields, ...refs.outputs]) checkSource(`${at}.when`, ref);
    }
  }
}

/**
 * Every offer of every bundle names a bundle of the catalogue that an applicant starts (someone must accept it),
 * and only fields of that bundle's latest version as targets.
 */
export function validateOfferTargets(bundles: readonly Bundle[]): CatalogueIssue[] {
  const latest = new Map<string, Bundle>();
  for (const b of bundles) if ((latest.get(b.id)?.version ?? 0) < b.version) latest.set(b.id, b);
  const issues: CatalogueIssue[] = [];
  for (const bundle of bundles) {
    for (const item of bundle.items) {
      for (const [index, offer] of (item.offers ?? []).entries()) {
        const add = (field: string, message: string) =>
          issues.push({ bundleId: bundle.id, itemId: item.id, field: `offers.${index}.${field}`, message });
        const target = latest.get(offer.bundle);
        if (!target) {
          add("bundle", `no bundle ${offer.bundle}`);
          continue;
        }
        if (target.startedBy !== "applicant")
          add("bundle", `${offer.bundle} is started by the system: no one can accept an offer of it`);
        const fields = new Map<string, FormField>(
          target.form.fields.map((f) => [`${f.section}.${f.name}`, f]),
        );
        for (const ref of Object.keys(offer.form))
          if (!fields.has(ref)) add(`form.${ref}`, `${ref} is not a field of ${offer.bundle}`);
      }
    }
  }
  return issues;
}
