import type { Application } from "../bundle/application.ts";
import type { Catalogue } from "../bundle/catalogue.ts";
import { evaluatePredicate, type PredicateScope } from "../bundle/predicate.ts";
import type { Bundle, LocalizedText, Predicate } from "../bundle/schema.ts";
import { type DataEvent, readEventPath } from "../events/data-events.ts";
import {
  type CaseSelector,
  type FormSource,
  REGISTRY_ACTIVE_PREFIX,
  type Rule,
  type RuleAction,
} from "./schema.ts";

/** One entitlement of the event's person, as the subject registry holds it. */
export interface RegistryEntitlement {
  benefit: string;
  department: string;
  since: string;
  status: "active" | "stopping" | "ended";
}

/** What the registry knows of the event's person (`event.person`, or the person a rule's selector names). */
export interface RegistryView {
  entitlements: readonly RegistryEntitlement[];
}

interface PlannedBase {
  ruleId: string;
  ruleVersion: number;
  /** The action's index in its rule: with the event, what makes a planned action idempotent. */
  index: number;
}

export type PlannedAction =
  | (PlannedBase & { kind: "startCase"; bundleId: string; application: Application })
  | (PlannedBase & {
      kind: "addEvent";
      event: "CaseWithdrawn";
      idNumber: string;
      role: CaseSelector["role"];
      bundles: string[];
      reason: LocalizedText;
    })
  | (PlannedBase & {
      kind: "notify";
      idNumber: string;
      role: CaseSelector["role"];
      bundles: string[];
      note: LocalizedText;
    })
  | (PlannedBase & {
      kind: "offer";
      bundleId: string;
      /** The addressee's ID number. */
      addressee: string;
      /** The pre-filled fields only. */
      draft: Application;
      expiresAfterDays: number;
      group?: string;
      /** No offer while one of these persons is the applicant of an open case of these bundles. */
      unlessOpen?: { idNumbers: string[]; bundles: string[] };
      /** The draft's value of the bundle's `casePlace` field, if set: where the offer counts. */
      place?: string;
    });

const activeEntitlements = (registry: RegistryView) =>
  registry.entitlements
    .filter((e) => e.status === "active")
    .map(({ benefit, department, since }) => ({ benefit, department, since }));

/** What a rule's condition and mappings read: `event.<path>` and `registry.<name>`. */
function ruleScope(event: DataEvent, registry: RegistryView): PredicateScope {
  return {
    field: (ref) => {
      if (ref.startsWith("event.")) return readEventPath(event, ref.slice("event.".length));
      if (ref === "registry.activeEntitlements") return activeEntitlements(registry);
      if (ref === "registry.activeEntitlementCount") return activeEntitlements(registry).length;
      if (ref.startsWith(REGISTRY_ACTIVE_PREFIX)) {
        const benefit = ref.slice(REGISTRY_ACTIVE_PREFIX.length);
        return activeEntitlements(registry).some((e) => e.benefit === benefit);
      }
      return undefined;
    },
    output: () => undefined,
  };
}

/**
 * What the catalogue's rules on this event's type would do, in rule then action order. Pure: the caller carries the
 * actions out (starts the case, finds the selected open cases) and keeps them idempotent by rule, version and index.
 * @example planRules(catalogue, personDied, { entitlements }) // [{ kind: "startCase", bundleId: "benefit-stop", … }, …]
 */
export function planRules(catalogue: Catalogue, event: DataEvent, registry: RegistryView): PlannedAction[] {
  const scope = ruleScope(event, registry);
  const planned: PlannedAction[] = [];
  for (const rule of catalogue.rulesFor(event.type)) {
    if (rule.when && !evaluatePredicate(rule.when as Predicate, scope)) continue;
    rule.actions.forEach((action, index) => {
      const base = { ruleId: rule.id, ruleVersion: rule.version, index };
      const one = planAction(catalogue, rule, action, scope);
      if (one) planned.push({ ...base, ...one } as PlannedAction);
    });
  }
  return planned;
}

type Unbased<T> = T extends PlannedBase ? Omit<T, keyof PlannedBase> : never;

function planAction(
  catalogue: Catalogue,
  rule: Rule,
  action: RuleAction,
  scope: PredicateScope,
): Unbased<PlannedAction> | undefined {
  switch (action.kind) {
    case "startCase": {
      const bundle = catalogue.bundle(action.bundle);
      const application = startedApplication(bundle, action.form, scope);
      if (action.unlessEmpty !== undefined) {
        const [section, name] = action.unlessEmpty.split(".") as [keyof Application, string];
        const list = application[section]?.[name];
        if (!Array.isArray(list) || list.length === 0) return undefined;
      }
      return { kind: "startCase", bundleId: bundle.id, application };
    }
    case "addEvent":
    case "notify": {
      const idNumber = scope.field(action.cases.person);
      if (typeof idNumber !== "string" || idNumber === "") return undefined;
      const selected = { idNumber, role: action.cases.role, bundles: [...action.cases.bundles] };
      return action.kind === "addEvent"
        ? { kind: "addEvent", event: action.event, ...selected, reason: action.reason }
        : { kind: "notify", ...selected, note: action.note };
    }
    case "offer": {
      const addressee = scope.field(action.addressee);
      if (typeof addressee !== "string" || addressee === "") return undefined;
      const bundle = catalogue.bundle(action.bundle);
      const draft = startedApplication(bundle, action.form, scope);
      const idNumbers = (action.unlessOpen?.persons ?? [])
        .map((ref) => scope.field(ref))
        .filter((v): v is string => typeof v === "string" && v !== "");
      const place = bundle.casePlace ? fieldValue(draft, bundle.casePlace) : undefined;
      return {
        kind: "offer",
        bundleId: bundle.id,
        addressee,
        draft,
        expiresAfterDays: action.expiresAfterDays,
        ...(action.group ? { group: action.group } : {}),
        ...(action.unlessOpen ? { unlessOpen: { idNumbers, bundles: [...action.unlessOpen.bundles] } } : {}),
        ...(typeof place === "string" && place !== "" ? { place } : {}),
      };
    }
    default: {
      const never: never = action;
      throw new Error(`unhandled action in ${rule.id}: ${(never as RuleAction).kind}`);
    }
  }
}

/** The application a rule starts: each mapped field from the event or the registry, a list keeping its own fields. */
function startedApplication(
  bundle: Bundle,
  form: Record<string, FormSource>,
  scope: PredicateScope,
): Application {
  const application: Application = { applicant: {}, answers: {} };
  if (bundle.form.fields.some((f) => f.section === "subject")) application.subject = {};
  for (const [target, source] of Object.entries(form)) {
    const [section, name] = target.split(".") as [keyof Application, string];
    const field = bundle.form.fields.find((f) => f.section === section && f.name === name);
    let value = typeof source === "string" ? scope.field(source) : source.const;
    if (field?.type === "list" && Array.isArray(value)) {
      const names = (field.of ?? []).map((e) => e.name);
      value = value.map((element: Record<string, unknown>) =>
        Object.fromEntries(names.flatMap((n) => (element[n] === undefined ? [] : [[n, element[n]]]))),
      );
    }
    if (value === undefined) continue;
    const record = application[section] ?? {};
    record[name] = value;
    application[section] = record;
  }
  return application;
}

/** The value of `section.name` in an application, or undefined. */
function fieldValue(application: Application, ref: string): unknown {
  const [section, name] = ref.split(".") as [keyof Application, string];
  return application[section]?.[name];
}
