import { describe, expect, it } from "vitest";
import { taskStatusDetail, taskStatusLines } from "../src/task-status.ts";
import type { ItemView, TimelineEntry } from "../src/types.ts";
import { translators } from "./translators.ts";

const { tZh, tEn } = await translators();
const names = {
  place: (code: string) => ({ "330212": "鄞州区", "330203": "海曙区", "330200": "宁波市" })[code] ?? code,
  department: (id: string) => (id === "health" ? "卫健" : id),
};
const office = (jurisdiction: string) => ({ jurisdiction, path: `000000/330000/330200/${jurisdiction}` });

const item = (extra: Partial<ItemView>): ItemView => ({
  itemId: "cert",
  name: { zh: "证明", en: "Certificate" },
  department: "health",
  status: "dispatched",
  attempt: 1,
  overdue: false,
  ...extra,
});

describe("a task's status in words", () => {
  it("says what the department reported, by when, and where the task was transferred", () => {
    const reported = item({
      progress: { status: "in_progress", at: "2026-12-08T02:00:00Z", expectedBy: "2026-12-09" },
      transfers: [{ from: office("330212"), to: office("330203"), at: "2026-12-07T02:00:00Z", attempt: 2 }],
    });
    expect(taskStatusLines(tZh, "zh", reported, names, false)).toEqual([
      "部门报告正在办理；预计 2026/12/09 前办结",
      "已由鄞州区转交海曙区办理",
    ]);
    expect(
      taskStatusLines(tEn, "en", item({ progress: { status: "accepted", at: "x" } }), names, false),
    ).toEqual(["Accepted by the department"]);
    // After the result, the report is history: the step says its outcome instead.
    expect(
      taskStatusLines(
        tZh,
        "zh",
        item({ status: "completed", progress: { status: "accepted", at: "x" } }),
        names,
        false,
      ),
    ).toEqual([]);
  });

  it("names the supervising office an overdue task was escalated to, for operators only", () => {
    const late = item({
      overdue: true,
      escalatedTo: { level: 2, department: "health", jurisdiction: "330200", path: "p", rule: "up", at: "x" },
    });
    expect(taskStatusLines(tZh, "zh", late, names, true)).toEqual(["已再次督办至卫健（宁波市）"]);
    expect(taskStatusLines(tZh, "zh", late, names, false)).toEqual([]);
  });

  it("words the timeline's report, transfer and escalation entries", () => {
    const entry = (extra: Partial<TimelineEntry>): TimelineEntry => ({
      entryId: "e#0",
      at: "x",
      kind: "k",
      ...extra,
    });
    expect(
      taskStatusDetail(
        tZh,
        "zh",
        entry({ progress: { status: "in_progress", expectedBy: "2026-12-09" } }),
        names,
      ),
    ).toBe("预计 2026/12/09 前办结");
    expect(taskStatusDetail(tZh, "zh", entry({ progress: { status: "accepted" } }), names)).toBeUndefined();
    expect(taskStatusDetail(tEn, "en", entry({ transfer: { from: "330212", to: "330203" } }), names)).toBe(
      "from 鄞州区 to 海曙区",
    );
    expect(
      taskStatusDetail(
        tZh,
        "zh",
        entry({ escalation: { level: 1, department: "health", office: "330200" } }),
        names,
      ),
    ).toBe("督办：卫健（宁波市）");
  });
});
