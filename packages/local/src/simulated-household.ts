import { draw, drawInt } from "./random.ts";

/**
 * The household behind a simulated person, as a social worker finds it at the door and as the person would tell
 * it: one pure function of the seed and the person's ID number, so the town office's visit record and the person's
 * own answers to an offer agree (the same phone, the same address, the same household).
 */
export interface SimulatedHousehold {
  readonly phone: string;
  readonly address: string;
  readonly householdSize: number;
  /** Who else lives there (only when more than one person does). */
  readonly otherMembers?: string;
  /** Yuan per month, the whole household. */
  readonly monthlyIncome: number;
  readonly residency: "hukou";
  readonly requestedAssistance: "basicLiving" | "temporary";
  readonly urgent: boolean;
  readonly urgentCircumstance?: string;
  readonly hasMajorMedicalExpenses: boolean;
  readonly studentsInSchool: 0;
  readonly housingDifficulty: boolean;
  readonly unemployedMembers: number;
  readonly disabledMembers: 0;
  readonly hasChildInDifficulty: false;
  readonly needsLegalAid: false;
  readonly hasCableTv: false;
}

const ROADS = ["惠风东路", "天童南路", "四明中路", "首南中路", "姜山大道", "五乡东路", "邱隘中路", "云龙路"];
const MEMBERS = ["配偶，退休，无固定收入", "儿子，外出务工", "女儿，在家照料老人", "孙子，学龄前"];

/** A mainland mobile number of the person: 13x–19x and eight digits, the same every run. */
export function simulatedPhone(seed: string, idNumber: string): string {
  const second = drawInt(seed, `phone:${idNumber}:prefix`, 3, 9);
  const third = drawInt(seed, `phone:${idNumber}:third`, 0, 9);
  const rest = String(drawInt(seed, `phone:${idNumber}:rest`, 0, 99_999_999)).padStart(8, "0");
  return `1${second}${third}${rest}`;
}

/**
 * The household of the person with this ID number, living in `placeName` (the town's name, e.g. 姜山镇).
 * Large medical bills are why the visit happens, so the household has them; none of its answers opens a question
 * the visit record cannot fill (no students, no disability, no legal matter).
 *
 * @example simulatedHousehold("onething", "330212194806180132", "姜山镇").phone // "13…", every time
 */
export function simulatedHousehold(seed: string, idNumber: string, placeName = "鄞州区"): SimulatedHousehold {
  const key = `household:${idNumber}`;
  const householdSize = drawInt(seed, `${key}:size`, 1, 4);
  const urgent = draw(seed, `${key}:urgent`) < 0.3;
  const others = MEMBERS.slice(0, householdSize - 1);
  return {
    phone: simulatedPhone(seed, idNumber),
    address: `浙江省宁波市鄞州区${placeName}${ROADS[drawInt(seed, `${key}:road`, 0, ROADS.length - 1)]}${drawInt(seed, `${key}:number`, 1, 399)}号`,
    householdSize,
    ...(householdSize > 1 ? { otherMembers: others.join("；") } : {}),
    monthlyIncome: drawInt(seed, `${key}:income`, 6, 30) * 100,
    residency: "hukou",
    requestedAssistance: draw(seed, `${key}:assistance`) < 0.6 ? "basicLiving" : "temporary",
    urgent,
    ...(urgent ? { urgentCircumstance: "住院治疗费用自付部分较大，家庭生活难以为继" } : {}),
    hasMajorMedicalExpenses: true,
    studentsInSchool: 0,
    housingDifficulty: draw(seed, `${key}:housing`) < 0.2,
    unemployedMembers: householdSize > 1 ? drawInt(seed, `${key}:unemployed`, 0, 1) : 0,
    disabledMembers: 0,
    hasChildInDifficulty: false,
    needsLegalAid: false,
    hasCableTv: false,
  };
}
