import type { Item } from "@onething/domain";
import { draw } from "./random.ts";
import { simulatedHousehold } from "./simulated-household.ts";
import type { TaskRef } from "./simulation.ts";

/** The outreach visit's task (outreach-visit: a social worker of the town knocks on the door, 「敲门问需求」). */
export const HOME_VISIT_ITEM = "home-visit";

export type VisitOutcome = "no_need" | "referred" | "application";

/** How visits end: most households found this way do apply; some need nothing, some are sent elsewhere. */
const OUTCOME_SHARES: readonly [VisitOutcome, number][] = [
  ["no_need", 0.25],
  ["referred", 0.2],
  ["application", 0.55],
];

const REFERRALS = [
  "区医疗保障局 医疗救助窗口 (medical assistance)",
  "区残联 (disability federation)",
  "镇社会工作站 心理疏导 (social work station)",
];

/** A visit task as its department sees it: the task and the declared inputs (the person, the place). */
export interface VisitTask extends TaskRef {
  readonly inputs?: { readonly fields: Readonly<Record<string, unknown>> } | undefined;
}

/** The visit's outcome for a task: a seeded draw per task, so a re-sent task gets the same one. */
export function planVisitOutcome(seed: string, task: TaskRef): VisitOutcome {
  const u = draw(seed, `${task.caseId}:${task.itemId}:${task.attempt}:visit`);
  let below = 0;
  for (const [outcome, share] of OUTCOME_SHARES) {
    below += share;
    if (u < below) return outcome;
  }
  return "application";
}

/**
 * What the social worker records at the door, for the outputs the item declares: the outcome and, when the
 * household applies, every fact of the social-assistance form the visit gathers — the person's own household
 * (`simulatedHousehold`: the same phone and address the person would give) and the household's signed consent to
 * the checks (`consentToVerification: true`), so the offer made from it is complete.
 *
 * @example visitOutputs(item, "onething", task, (code) => "姜山镇").outcome // "application", "referred" or "no_need"
 */
export function visitOutputs(
  item: Item,
  seed: string,
  task: VisitTask,
  placeName: (code: string) => string | undefined = () => undefined,
): Record<string, unknown> {
  const outcome = planVisitOutcome(seed, task);
  const fields = task.inputs?.fields ?? {};
  const idNumber =
    typeof fields["applicant.idNumber"] === "string" ? fields["applicant.idNumber"] : task.caseId;
  const place = fields["subject.householdPlace"];
  const expense = fields["subject.expense"];
  const out: Record<string, unknown> = { outcome };
  if (outcome === "no_need") out.notes = "入户了解，家庭有其他收入来源，暂无救助需求";
  if (outcome === "referred") {
    out.referredTo = REFERRALS[Math.floor(draw(seed, `${task.caseId}:referral`) * REFERRALS.length)];
    out.notes = "已告知相关政策并转介";
  }
  if (outcome === "application") {
    const household = simulatedHousehold(
      seed,
      idNumber,
      typeof place === "string" ? placeName(place) : undefined,
    );
    Object.assign(out, household, {
      consentToVerification: true,
      notes: `入户核实：医疗自付${typeof expense === "number" ? ` ${expense} 元` : "较大"}，家庭同意申请救助并签署核对授权书`,
    });
  }
  // Only what the item declares (the platform refuses any other output), of the declared kind.
  const declared = new Map(item.outputs.map((o) => [o.name, o]));
  return Object.fromEntries(
    Object.entries(out).filter(([name, value]) => {
      const decl = declared.get(name);
      if (!decl) return false;
      if (decl.type === "boolean") return typeof value === "boolean";
      if (decl.type === "integer" || decl.type === "number") return typeof value === "number";
      return typeof value === "string";
    }),
  );
}
