import type { Application } from "../bundle/application.ts";
import { type Catalogue, CROSS_PROVINCE_EXCHANGE, TOWN_OFFICE_DEPARTMENT } from "../bundle/catalogue.ts";
import type { Bundle, Item } from "../bundle/schema.ts";
import type { Jurisdiction } from "../places/jurisdictions.ts";
import type {
  ApplicationSubmitted,
  CasePlace,
  CaseState,
  ItemOffice,
  ItemState,
  ReceivingOffice,
} from "./types.ts";

/** The value of a `<section>.<field>` reference in an application, if it is a non-empty string. */
function placeValue(application: Application, ref: string): string | undefined {
  const [section, name] = ref.split(".") as [keyof Application, string];
  const value = application[section]?.[name];
  return typeof value === "string" && value !== "" ? value : undefined;
}

/**
 * Every place the tree does not have: a place field's value (`field` its `<section>.<field>`) or the receiving
 * place (`field: "receivingPlace"`). Empty when all are known.
 */
export function unknownPlaces(
  catalogue: Catalogue,
  bundle: Bundle,
  application: Application,
  receivingPlace: string | undefined,
): { field: string; value: string }[] {
  const unknown: { field: string; value: string }[] = [];
  for (const f of bundle.form.fields) {
    if (f.type !== "place") continue;
    const field = `${f.section}.${f.name}`;
    const value = placeValue(application, field);
    if (value !== undefined && !catalogue.places.has(value)) unknown.push({ field, value });
  }
  if (receivingPlace !== undefined && !catalogue.places.has(receivingPlace))
    unknown.push({ field: "receivingPlace", value: receivingPlace });
  return unknown;
}

/**
 * Where the case belongs and who received it: the bundle's `casePlace` field if answered, else the receiving place,
 * else the tree's default place; received by the clerk's office (counter), the applicant's choice, or else at the
 * case place. Every code is known to the tree (`unknownPlaces` is empty).
 */
export function placeCase(
  catalogue: Catalogue,
  bundle: Bundle,
  application: Application,
  event: Pick<ApplicationSubmitted, "receivingPlace" | "channel">,
): { place: CasePlace; receivingOffice: ReceivingOffice } {
  const tree = catalogue.places;
  const fromField = bundle.casePlace ? placeValue(application, bundle.casePlace) : undefined;
  const place: CasePlace =
    fromField !== undefined && bundle.casePlace
      ? { code: fromField, path: tree.pathOf(fromField), source: "field", field: bundle.casePlace }
      : event.receivingPlace !== undefined
        ? { code: event.receivingPlace, path: tree.pathOf(event.receivingPlace), source: "receiving" }
        : { code: tree.defaultPlace, path: tree.pathOf(tree.defaultPlace), source: "default" };
  const receivingOffice: ReceivingOffice =
    event.receivingPlace !== undefined
      ? {
          jurisdiction: event.receivingPlace,
          path: tree.pathOf(event.receivingPlace),
          by: event.channel === "counter" ? "clerk" : "applicant",
        }
      : { jurisdiction: place.code, path: place.path, by: "case_place" };
  return { place, receivingOffice };
}

/** The case place, or for a case older than places the tree's default place. */
export function casePlaceOf(catalogue: Catalogue, state: CaseState): { code: string; path: string } {
  const known = state.place && catalogue.places.find(state.place.code);
  if (known) return known;
  return catalogue.places.node(catalogue.places.defaultPlace);
}

/**
 * The nearest ancestor-or-self of a place at a level where the department has offices; the place itself when it
 * is above all of them (or the department declares none).
 */
export function officeAt(catalogue: Catalogue, department: string, place: string): Jurisdiction {
  const tree = catalogue.places;
  const levels = catalogue.departments.get(department)?.offices;
  const self = tree.node(place);
  if (!levels) return self;
  const office = tree
    .ancestors(place)
    .reverse()
    .find((j) => (levels as readonly string[]).includes(j.level));
  return office ?? self;
}

/**
 * The competent office of an item at its first dispatch (by the rules in the package README), and the department
 * that holds it (the town office for a delegated approval, the exchange desk across provinces).
 */
export function competentOffice(
  catalogue: Catalogue,
  bundle: Bundle,
  state: CaseState,
  item: Item,
  itemState: ItemState,
  now: Date,
): { office: ItemOffice; department: string } {
  const tree = catalogue.places;
  const casePlace = casePlaceOf(catalogue, state);
  const fieldValue = item.competentPlace ? placeValue(state.application, item.competentPlace) : undefined;
  const competent = fieldValue !== undefined && tree.has(fieldValue) ? fieldValue : casePlace.code;
  const byField = fieldValue !== undefined && item.competentPlace !== undefined && competent === fieldValue;
  const receiving = state.receivingOffice?.jurisdiction ?? casePlace.code;
  const competentProvince = tree.provinceOf(competent);
  const receivingProvince = tree.provinceOf(receiving);
  if (
    competentProvince !== undefined &&
    receivingProvince !== undefined &&
    competentProvince !== receivingProvince &&
    catalogue.departments.has(CROSS_PROVINCE_EXCHANGE)
  ) {
    const province = tree.node(competentProvince);
    return {
      department: CROSS_PROVINCE_EXCHANGE,
      office: {
        jurisdiction: province.code,
        path: province.path,
        rule: "exchange",
        ...(byField ? { field: item.competentPlace } : {}),
        handoff: { department: itemState.department, place: competent },
      },
    };
  }
  if (item.approval === "delegable") {
    const town = tree.ancestorAt(competent, "town");
    if (town && catalogue.delegations.holds(town.code, bundle.id, item.id, now.toISOString())) {
      return {
        department: TOWN_OFFICE_DEPARTMENT,
        office: { jurisdiction: town.code, path: town.path, rule: "delegated" },
      };
    }
    const district =
      tree.ancestorAt(competent, "district") ?? officeAt(catalogue, itemState.department, competent);
    return {
      department: itemState.department,
      office: { jurisdiction: district.code, path: district.path, rule: "not_delegated" },
    };
  }
  const office = officeAt(catalogue, itemState.department, competent);
  return {
    department: itemState.department,
    office: {
      jurisdiction: office.code,
      path: office.path,
      rule: byField ? "field" : "case",
      ...(byField ? { field: item.competentPlace } : {}),
    },
  };
}
