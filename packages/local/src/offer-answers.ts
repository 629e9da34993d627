import {
  type Application,
  type Bundle,
  evaluatePredicate,
  type FormField,
  formScope,
  predicateReferences,
  readField,
  residentIdCheckChar,
  usccCheckChar,
} from "@onething/domain";
import { draw, drawInt } from "./random.ts";
import { type SimulatedHousehold, simulatedHousehold, simulatedPhone } from "./simulated-household.ts";

/** Who answers an offer, and the day it is (dates the person gives are that day). */
export interface Answerer {
  readonly seed: string;
  readonly idNumber: string;
  readonly name: string;
  /** Beijing date (yyyy-mm-dd). */
  readonly today: string;
  /** The person's household town, if known (a `place` field's answer), and its name (for an address). */
  readonly place?: string | undefined;
  readonly placeName?: string | undefined;
}

const BABY_NAMES = ["一诺", "子涵", "欣怡", "梓萱", "浩宇", "沐阳", "若汐", "嘉懿"];

const fieldRef = (f: FormField) => `${f.section}.${f.name}`;

/** A valid resident ID number drawn for a key (an answer about someone the simulation does not know). */
function drawnIdNumber(seed: string, key: string): string {
  const year = drawInt(seed, `${key}:year`, 1985, 1999);
  const month = String(drawInt(seed, `${key}:month`, 1, 12)).padStart(2, "0");
  const day = String(drawInt(seed, `${key}:day`, 1, 28)).padStart(2, "0");
  const first17 = `330212${year}${month}${day}${String(drawInt(seed, `${key}:seq`, 0, 999)).padStart(3, "0")}`;
  return `${first17}${residentIdCheckChar(first17)}`;
}

function drawnUscc(seed: string, key: string): string {
  const first17 = `91330212MA${String(drawInt(seed, key, 0, 9_999_999)).padStart(7, "0")}`;
  return `${first17}${usccCheckChar(first17)}`;
}

/**
 * What the person answers to one field: the household's own fact where the field is one
 * (`simulatedHousehold`, the same the visit recorded), else a valid value of the field's type.
 */
function answerFor(f: FormField, who: Answerer, household: SimulatedHousehold): unknown {
  const key = `${who.idNumber}:${fieldRef(f)}`;
  const known = (household as unknown as Record<string, unknown>)[f.name];
  const fits = (v: unknown) =>
    ["integer", "number"].includes(f.type)
      ? typeof v === "number"
      : f.type === "boolean"
        ? typeof v === "boolean"
        : f.type === "enum"
          ? (f.options ?? []).some((o) => o.value === v)
          : typeof v === "string";
  if (known !== undefined && fits(known)) return known;
  switch (f.type) {
    case "phone":
      return simulatedPhone(who.seed, f.section === "applicant" ? who.idNumber : key);
    case "idNumber":
      return drawnIdNumber(who.seed, key);
    case "uscc":
      return drawnUscc(who.seed, key);
    case "date":
      return who.today;
    case "boolean":
      // Consent is given; any other yes/no question is answered no (the simpler case).
      return /consent/i.test(f.name);
    case "integer":
    case "number": {
      const min = Math.max(f.min ?? 0, f.name === "childOrder" ? 1 : 0);
      return Math.min(min, f.max ?? min);
    }
    case "enum": {
      const options = f.options ?? [];
      return options[Math.floor(draw(who.seed, key) * options.length)]?.value;
    }
    case "place":
      return who.place ?? "330212";
    case "list":
      return [];
    case "text":
      if (/address/i.test(f.name)) return household.address;
      if (f.section === "subject" && f.name === "name")
        return `${who.name.slice(0, 1)}${BABY_NAMES[drawInt(who.seed, key, 0, BABY_NAMES.length - 1)]}`;
      if (/name$/i.test(f.name)) return `${who.name.slice(0, 1)}某`;
      return `SIM-${String(drawInt(who.seed, key, 1, 999_999)).padStart(6, "0")}`;
    case "longText":
      return "（模拟）情况属实，详见面谈记录";
    default: {
      const never: never = f.type;
      return String(never);
    }
  }
}

/** Another value for a yes/no, a count or a choice: what may turn off a question the person cannot answer. */
function alternatives(f: FormField, current: unknown): unknown[] {
  if (f.type === "boolean") return [!current];
  if (f.type === "enum") return (f.options ?? []).map((o) => o.value).filter((v) => v !== current);
  if (f.type === "integer" || f.type === "number") return [f.min ?? 0, 0, 1].filter((v) => v !== current);
  return [];
}

const merged = (draft: Application, answers: Readonly<Record<string, unknown>>): Application => {
  const app: Application = {
    applicant: { ...draft.applicant },
    ...(draft.subject ? { subject: { ...draft.subject } } : {}),
    answers: { ...draft.answers },
  };
  for (const [ref, value] of Object.entries(answers)) {
    const [section, name] = ref.split(".") as [keyof Application, string];
    app[section] ??= {};
    (app[section] as Record<string, unknown>)[name] = value;
  }
  return app;
};

/** Fields the merged application needs that nobody filled: required, or required by a condition that holds. */
export function missingFields(bundle: Bundle, app: Application): string[] {
  const scope = formScope(app);
  return bundle.form.fields
    .filter((f) => f.required || (f.requiredWhen !== undefined && evaluatePredicate(f.requiredWhen, scope)))
    .map(fieldRef)
    .filter((ref) => {
      const value = readField(app, ref);
      return value === undefined || value === null || value === "";
    });
}

/**
 * The answers a simulated person gives to an offer's open fields: valid values of each field's type, the
 * household's own facts where the field is one. Where an answer would make a field required that the person may
 * not give (not open), another answer to the question it depends on is tried (no marriage certificate asked for if
 * married is answered no …), so the merged application is complete wherever the offer allows it.
 *
 * @example offerAnswers(bundle, offer.draft, offer.openFields, { seed, idNumber, name, today: "2026-03-02" })
 */
export function offerAnswers(
  bundle: Bundle,
  draft: Application,
  openFields: readonly string[],
  who: Answerer,
): Record<string, unknown> {
  const household = simulatedHousehold(who.seed, who.idNumber, who.placeName);
  const open = new Set(openFields);
  const fields = new Map(bundle.form.fields.map((f) => [fieldRef(f), f]));
  const answers: Record<string, unknown> = {};
  for (const ref of openFields) {
    const f = fields.get(ref);
    if (f) answers[ref] = answerFor(f, who, household);
  }
  const blocked = () => missingFields(bundle, merged(draft, answers)).filter((ref) => !open.has(ref));
  for (let round = 0; round < 4; round++) {
    const stuck = blocked();
    if (stuck.length === 0) break;
    for (const ref of stuck) {
      const condition = fields.get(ref)?.requiredWhen;
      const levers = condition ? predicateReferences(condition).fields.filter((r) => open.has(r)) : [];
      for (const lever of levers) {
        const leverField = fields.get(lever);
        const before = answers[lever];
        const better = (leverField ? alternatives(leverField, before) : []).find((value) => {
          answers[lever] = value;
          return !blocked().includes(ref);
        });
        answers[lever] = better === undefined ? before : better;
        if (better !== undefined) break;
      }
    }
  }
  // An open field only a condition requires is answered only when its condition holds (not married: no certificate).
  for (let pass = 0; pass < 2; pass++) {
    const scope = formScope(merged(draft, answers));
    for (const ref of Object.keys(answers)) {
      const f = fields.get(ref);
      if (f?.requiredWhen && !f.required && !evaluatePredicate(f.requiredWhen, scope)) delete answers[ref];
    }
  }
  return answers;
}
