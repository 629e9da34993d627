import { type CaseState, type Catalogue, itemDefinition, type PersonRef } from "@onething/domain";
import type { CaseStore } from "@onething/store";
import type { SimulatedEvent } from "./simulated-population.ts";

/** An expecting couple whose case waits for the birth record: the simulated birth registry records their child. */
export interface ExpectingCouple {
  readonly caseId: string;
  readonly mother: PersonRef;
  readonly father?: PersonRef;
  readonly householdPlace?: string;
}

const text = (value: unknown) => (typeof value === "string" && value.trim() !== "" ? value : undefined);
const person = (name: unknown, idNumber: unknown): PersonRef | undefined => {
  const n = text(name);
  const id = text(idNumber);
  return n && id ? { name: n, idNumber: id } : undefined;
};

/**
 * The couple of a case with an item waiting for `ChildBorn`, from its application: the applicant is the mother or
 * the father (`applicant.role`), the spouse the other. Undefined for a case that waits for nothing of the kind.
 */
export function expectingCoupleOf(state: CaseState, catalogue: Catalogue): ExpectingCouple | undefined {
  const bundle = catalogue.bundle(state.bundleId, state.bundleVersion);
  const waits = Object.values(state.items).some(
    (item) => item.status === "waiting" && itemDefinition(bundle, item.itemId)?.awaits?.event === "ChildBorn",
  );
  if (!waits) return undefined;
  const { applicant, answers } = state.application;
  const self = person(applicant.name, applicant.idNumber);
  const spouse = person(answers.spouseName, answers.spouseIdNumber);
  const [mother, father] = applicant.role === "father" ? [spouse, self] : [self, spouse];
  if (!mother) return undefined;
  const householdPlace = text(applicant.householdPlace);
  return {
    caseId: state.caseId,
    mother,
    ...(father ? { father } : {}),
    ...(householdPlace ? { householdPlace } : {}),
  };
}

/**
 * Every open case waiting for a birth: the cases in progress of the bundles with an item awaiting `ChildBorn` (one
 * index query per such bundle, then each case read).
 */
export async function expectingCouples(
  store: Pick<CaseStore, "searchCases" | "getCase">,
  catalogue: Catalogue,
): Promise<ExpectingCouple[]> {
  const bundles = new Set(
    catalogue.bundles
      .filter((b) => b.items.some((item) => item.awaits?.event === "ChildBorn"))
      .map((b) => b.id),
  );
  const couples: ExpectingCouple[] = [];
  for (const bundleId of bundles) {
    let cursor: string | undefined;
    do {
      const page = await store.searchCases({
        status: "in_progress",
        bundleId,
        bundleIds: [bundleId],
        limit: 100,
        ...(cursor ? { cursor } : {}),
      });
      cursor = page.cursor;
      for (const summary of page.items) {
        const stored = await store.getCase(summary.caseId);
        const couple = stored ? expectingCoupleOf(stored.state, catalogue) : undefined;
        if (couple) couples.push(couple);
      }
    } while (cursor);
  }
  return couples;
}

/** The birth registry's record of an expecting couple's child, born today. */
export function expectedBirthEvent(
  seed: string,
  couple: ExpectingCouple,
  occurredAt: string,
  day: string,
): SimulatedEvent {
  return {
    source: "health-birth-registry",
    event: {
      type: "ChildBorn",
      schemaVersion: 1,
      sourceEventId: `sim-${seed}-due-${couple.caseId}`,
      occurredAt,
      child: { birthDate: day, birthCertificateNumber: `O33${couple.caseId.slice(-8)}` },
      mother: couple.mother,
      ...(couple.father ? { father: couple.father } : {}),
      ...(couple.householdPlace ? { householdPlace: couple.householdPlace } : {}),
    },
  };
}
