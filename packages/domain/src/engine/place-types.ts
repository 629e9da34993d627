// The places of a case (re-exported by types.ts): where it belongs, who received it, its profile, its items' offices.

/** Where a case belongs: a place field's value, else the receiving office, else the tree's default place. */
export interface CasePlace {
  code: string;
  /** Codes from the root down joined by "/": "000000/330000/330200/330212/330212001". */
  path: string;
  source: "field" | "receiving" | "default";
  /** `source: "field"`: the `<section>.<field>` it came from. */
  field?: string;
}

/** The office that received the application: the counter clerk's, the applicant's choice, or the case place. */
export interface ReceivingOffice {
  jurisdiction: string;
  path: string;
  by: "clerk" | "applicant" | "case_place";
}

/** A place's profile for one bundle as resolved at submission: the layers merged, root first. */
export interface AppliedProfile {
  layers: { place: string; version: number }[];
  /** Items switched off. */
  disabled: string[];
  /** Per item id, its parameters (deeper layers override per parameter). */
  parameters: Record<string, Record<string, unknown>>;
}

/**
 * The competent office of an item: a (department, jurisdiction) pair, the department being the item state's.
 * `case`: at the case place; `field`: at a place field's value; `delegated`: a delegable approval at the town
 * holding the grant; `not_delegated`: at the district's civil affairs; `exchange`: handed off to another province,
 * `handoff` naming the department and place the exchange desk stands for.
 */
export interface ItemOffice {
  jurisdiction: string;
  path: string;
  rule: "case" | "field" | "delegated" | "not_delegated" | "exchange";
  field?: string;
  handoff?: { department: string; place: string };
}
