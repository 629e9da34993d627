/**
 * The pure part of the pages a person understands: a case's progress, days late, the overview's needs-attention
 * lines, a timeline entry's skip and wait as data (structured fields first, the recorded detail for older entries),
 * and the application's values in words.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Translate } from "../src/errors.ts";
import { applicationValue } from "../src/pages/ops/application-values.ts";
import { attentionLines, daysLate, progressOf, skipOf, waitOf } from "../src/plain.ts";
import type { ItemView, OpsSummary, TimelineEntry } from "../src/types.ts";
import { translators } from "./translators.ts";

let tZh: Translate;
let tEn: Translate;
beforeAll(async () => {
  ({ tZh, tEn } = await translators());
});

const item = (itemId: string, status: ItemView["status"]): ItemView => ({
  itemId,
  name: { zh: itemId, en: itemId },
  department: "health",
  status,
  attempt: 1,
  overdue: false,
});

describe("a case's progress", () => {
  it("counts finished items of all, and where the open ones are", () => {
    const items = [
      item("a", "completed"),
      item("b", "skipped"),
      item("c", "rejected"),
      item("d", "dispatched"),
      item("e", "pending"),
      item("f", "waiting"),
      item("g", "awaiting_supplement"),
      item("h", "cancelled"),
    ];
    expect(progressOf(items)).toEqual({ done: 4, total: 8, held: 1, waiting: 2, supplement: 1 });
    expect(tZh("pages.progress.done", { done: 3, total: 24 })).toBe("3 / 24 项已完成");
    expect(tEn("pages.progress.done", { done: 3, total: 24 })).toBe("3 of 24 done");
  });
});

describe("days late", () => {
  it("counts whole days past the deadline, at least one", () => {
    expect(daysLate("2026-03-02T00:00:00Z", "2026-03-02T01:00:00Z")).toBe(1);
    expect(daysLate("2026-03-02T00:00:00Z", "2026-03-05T00:00:00Z")).toBe(3);
    expect(daysLate("2026-03-02T00:00:00Z", "2026-03-05T00:00:01Z")).toBe(4);
  });
});

const summary = (parts: Partial<OpsSummary>): OpsSummary =>
  ({
    generatedAt: "2026-03-10T00:00:00Z",
    withheld: [],
    total: { overdue: 0 },
    departments: [],
    deadLetters: [],
    ...parts,
  }) as unknown as OpsSummary;
const department = (id: string, overdue: number, noDeadline = 0, dueAt?: string) => ({
  department: id,
  open: overdue + noDeadline,
  overdue,
  noDeadline,
  ...(dueAt
    ? { oldest: { caseId: "OT-1", itemId: "x", dispatchedAt: dueAt, dueAt, dueProvisional: false } }
    : {}),
  answered: 0,
  onTime: 0,
  queue: { visible: 0, inFlight: 0 },
});
const name = (id: string) => ({ health: "卫健", "civil-affairs": "民政" })[id] ?? id;

describe("what needs attention", () => {
  it("is nothing when nothing is overdue, dead-lettered or held without a deadline", () => {
    const s = summary({
      departments: [department("health", 0)],
      deadLetters: [{ queue: "results", depth: 0 }],
    });
    expect(attentionLines(s, tZh, name)).toEqual([]);
  });

  it("names overdue items by department, most first, and how late; dead letters; items without a deadline", () => {
    const s = summary({
      departments: [
        department("health", 1, 0, "2026-03-08T00:00:00Z"),
        department("civil-affairs", 3, 2, "2026-03-05T00:00:00Z"),
      ],
      deadLetters: [
        { queue: "dept-health", depth: 2 },
        { queue: "results", depth: 1 },
        { queue: "orchestrator", depth: 0 },
      ],
    });
    expect(attentionLines(s, tZh, name).map((l) => l.text)).toEqual([
      "民政：3 项超期，最久超期 5 天",
      "卫健：1 项超期，最久超期 2 天",
      "死信队列中有 3 条消息（dept-health, results）",
      "民政：2 项在办事项没有办理时限，无法催办",
    ]);
    expect(attentionLines(s, tEn, name)[0]?.text).toBe("民政: 3 overdue, the latest 5 days late");
  });

  it("gives a scoped operator, without department figures, the place's overdue count", () => {
    const s = summary({
      withheld: ["departments", "deadLetters"],
      total: { overdue: 4 } as OpsSummary["total"],
    });
    expect(attentionLines(s, tZh, name)).toEqual([{ key: "overdue", text: "4 项事项已超期", link: true }]);
  });
});

const entry = (parts: Partial<TimelineEntry>): TimelineEntry => ({
  entryId: "e#0",
  at: "2026-03-02T01:00:00Z",
  kind: "item_skipped",
  ...parts,
});

describe("a timeline entry as data", () => {
  it("reads a skip from its structured field, else from the recorded detail", () => {
    const skip = { reason: "dependency_not_completed", itemId: "death-certificate", itemStatus: "rejected" };
    expect(skipOf(entry({ skip, detail: "anything" }))).toEqual(skip);
    expect(skipOf(entry({ detail: "dependency_not_completed: death-certificate rejected" }))).toEqual(skip);
    expect(skipOf(entry({ detail: "condition_false: condition does not hold" }))).toEqual({
      reason: "condition_false",
    });
    expect(skipOf(entry({ kind: "item_completed", detail: "condition_false: x" }))).toBeUndefined();
  });

  it("reads a wait from its structured field (the until from its deadline), else from the detail", () => {
    const deadline = { dueAt: "2026-08-29T16:00:00.000Z", provisional: false };
    expect(waitOf(entry({ kind: "item_waiting", wait: { event: "ChildBorn" }, deadline }))).toEqual({
      waiting: { event: "ChildBorn", until: deadline.dueAt },
    });
    expect(waitOf(entry({ kind: "item_wait_timed_out", wait: { event: "ChildBorn" }, deadline }))).toEqual({
      timedOut: { event: "ChildBorn", until: deadline.dueAt },
    });
    const completed = entry({
      kind: "item_completed",
      wait: { event: "ChildBorn", source: "health-birth-registry", sourceEventId: "bmc-1" },
    });
    expect(waitOf(completed)).toEqual({
      completedBy: { event: "ChildBorn", source: "health-birth-registry", eventId: "bmc-1" },
    });
    expect(
      waitOf(entry({ kind: "item_waiting", detail: "waiting for ChildBorn until 2026-08-29T16:00:00.000Z" })),
    ).toEqual({ waiting: { event: "ChildBorn", until: "2026-08-29T16:00:00.000Z" } });
    expect(waitOf(entry({ kind: "item_completed" }))).toBeUndefined();
  });
});

describe("the application's values in words", () => {
  const place = (code: string) => (code === "330212" ? "浙江省 / 宁波市 / 鄞州区" : code);
  const enumField = {
    type: "enum" as const,
    options: [{ value: "hospital", label: { zh: "医院", en: "Hospital" } }],
  };
  it("shows yes/no, an option by its label, a date, a place, and an empty value in words", () => {
    expect(applicationValue(tZh, "zh", { type: "boolean" }, true, place)).toBe("是");
    expect(applicationValue(tEn, "en", { type: "boolean" }, false, place)).toBe("No");
    expect(applicationValue(tZh, "zh", enumField, "hospital", place)).toBe("医院");
    expect(applicationValue(tEn, "en", enumField, "hospital", place)).toBe("Hospital");
    expect(applicationValue(tZh, "zh", { type: "date" }, "2025-11-03", place)).toBe("2025/11/03");
    expect(applicationValue(tZh, "zh", { type: "place" }, "330212", place)).toBe("浙江省 / 宁波市 / 鄞州区");
    expect(applicationValue(tZh, "zh", { type: "text" }, "", place)).toBe("（未填写）");
    // A masked value is shown as the API masked it.
    expect(applicationValue(tZh, "zh", { type: "idNumber" }, "330***********0015", place)).toBe(
      "330***********0015",
    );
  });

  it("shows a list element by element, each field by its label", () => {
    const list = {
      type: "list" as const,
      of: [
        { name: "benefit", label: { zh: "待遇", en: "Benefit" }, type: "text" as const, required: true },
        { name: "ended", label: { zh: "已停发", en: "Ended" }, type: "boolean" as const, required: true },
      ],
    };
    const value = [
      { benefit: "养老金", ended: true },
      { benefit: "高龄津贴", ended: false },
    ];
    expect(applicationValue(tZh, "zh", list, value, place)).toBe(
      "待遇：养老金，已停发：是；待遇：高龄津贴，已停发：否",
    );
    expect(applicationValue(tEn, "en", list, value, place)).toBe(
      "Benefit: 养老金, Ended: Yes; Benefit: 高龄津贴, Ended: No",
    );
  });
});
