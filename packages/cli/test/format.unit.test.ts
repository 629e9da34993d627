import { describe, expect, it } from "vitest";
import { catalogue } from "../src/catalogue.ts";
import { displayWidth, formatDue, formatTime, formatValue, renderTable, truncate } from "../src/format.ts";
import { renderCaseStatus, renderItemTable } from "../src/status-view.ts";
import { sampleCaseView } from "./support.ts";

describe("terminal widths", () => {
  it("counts Chinese characters as two columns", () => {
    expect(displayWidth("abc")).toBe(3);
    expect(displayWidth("户口注销")).toBe(8);
    expect(displayWidth("死亡证明（公安）")).toBe(16);
  });

  it("truncates by columns, ending with …", () => {
    expect(truncate("Household-registration cancellation", 12)).toBe("Household-r…");
    expect(truncate("居民死亡医学证明", 9)).toBe("居民死亡…");
    expect(displayWidth(truncate("居民死亡医学证明", 9))).toBeLessThanOrEqual(9);
    expect(truncate("short", 10)).toBe("short");
  });

  it("lines up columns holding Chinese and ASCII text", () => {
    const table = renderTable(
      [{ header: "item" }, { header: "status" }],
      [
        ["户口注销", "dispatched"],
        ["Funeral subsidy", "completed"],
      ],
    );
    const lines = table.split("\n");
    const statusColumn = [lines[0], lines[2], lines[3]].map((l = "") => {
      const at = l.search(/dispatched|completed|status/);
      return displayWidth(l.slice(0, at));
    });
    expect(new Set(statusColumn).size).toBe(1);
    expect(lines[1]).toMatch(/^─+ {2}─+$/);
  });
});

describe("times", () => {
  it("shows Beijing time", () => {
    expect(formatTime("2026-03-02T02:00:00.000Z")).toBe("2026-03-02 10:00:00");
  });

  it("shows a deadline at midnight as 24:00 of the day before, as time limits are stated", () => {
    expect(formatDue("2026-03-04T16:00:00.000Z")).toBe("2026-03-04 24:00");
    expect(formatDue("2026-03-04T09:30:00.000Z")).toBe("2026-03-04 17:30");
    expect(formatDue(undefined)).toBe("");
  });

  it("shows records by their count", () => {
    expect(formatValue([{ a: 1 }, { a: 2 }])).toBe("[2 records]");
    expect(formatValue(null)).toBe("—");
  });
});

describe("the status table", () => {
  const view = sampleCaseView();

  it("has a row per item: name, department, status, attempt, due date and result or reason", () => {
    const table = renderItemTable(view, { lang: "both", catalogue: catalogue() });
    const [header, , ...rows] = table.split("\n");
    expect(header).toMatch(
      /^item\s+department\s+office\s+status\s+attempt\s+due \(Beijing\)\s+result \/ reason$/,
    );
    expect(rows).toHaveLength(5);
    expect(rows[0]).toMatch(
      /^居民死亡医学证明.*health\s+completed 已办结\s+1\s+certificateNumber=SW-2026-0001$/,
    );
    expect(rows[1]).toMatch(
      /户口注销 Household-registration.*public-security\s+dispatched 办理中 \(overdue\)\s+1\s+2026-03-04 24:00/,
    );
    expect(rows[2]).toMatch(
      /awaiting supplement 待补正.*缺少火化证明 — asks: cremationProof \(火化证明扫描件\)/,
    );
    expect(rows[3]).toMatch(/rejected 不予办理\s+1\s+不符合办理条件$/);
    expect(rows[4]).toMatch(/skipped 不适用\s+does not apply$/);
  });

  it("speaks Chinese with --lang zh, department names included", () => {
    const table = renderItemTable(view, { lang: "zh", catalogue: catalogue() });
    expect(table.split("\n")[0]).toMatch(/^事项\s+部门\s+承办地\s+状态\s+次数\s+办结时限\s+结果\/原因$/);
    expect(table).toContain("卫生健康部门及医疗机构");
    expect(table).toMatch(/办理中（已超期）/);
    expect(table).toContain("需补正: cremationProof (火化证明扫描件)");
    expect(table).not.toContain("Funeral subsidy");
  });

  it("speaks English with --lang en", () => {
    const table = renderItemTable(view, { lang: "en", catalogue: catalogue() });
    expect(table).toContain("Funeral subsidy");
    expect(table).toContain("Health commission and medical i…");
    expect(table).not.toContain("惠民殡葬补贴");
  });

  it("names each item's office, a hand-off's other province, and the case's place and receiving office", () => {
    const [first, second, ...rest] = view.items;
    if (!first || !second) throw new Error("the sample view has items");
    const placed = {
      ...view,
      place: { code: "330212101", path: "000000/330000/330200/330212/330212101", source: "field" as const },
      receivingOffice: {
        jurisdiction: "330212109",
        path: "000000/330000/330200/330212/330212109",
        by: "clerk" as const,
      },
      items: [
        {
          ...first,
          office: { jurisdiction: "330212", path: "000000/330000/330200/330212", rule: "case" as const },
        },
        {
          ...second,
          department: "cross-province-exchange",
          office: {
            jurisdiction: "340000",
            path: "000000/340000",
            rule: "exchange" as const,
            handoff: { department: second.department, place: "341502" },
          },
        },
        ...rest,
      ],
    };
    const text = renderCaseStatus(placed, { lang: "zh", catalogue: catalogue(), timelineTail: 0 });
    expect(text).toContain("Place: 姜山镇 (330212101) · received at 东吴镇 (330212109)");
    const rows = renderItemTable(placed, { lang: "zh", catalogue: catalogue() }).split("\n").slice(2);
    expect(rows[0]).toMatch(/卫生健康部门及医疗机构\s+鄞州区\s+已办结/);
    expect(rows[1]).toMatch(/安徽省 → 金安区/);
    expect(rows[2]).not.toMatch(/鄞州区/);
  });

  it("heads the table with the case and ends it with the timeline's tail", () => {
    const text = renderCaseStatus(view, { lang: "both", catalogue: catalogue(), timelineTail: 2 });
    const lines = text.split("\n");
    expect(lines[0]).toBe("Case OT-20260302-ABC · 身后一件事 After a death (after-death v1)");
    expect(lines[1]).toBe(
      "Status: awaiting_applicant 待申请人补正 · channel online · submitted 2026-03-02 10:00:00 · updated 2026-03-02 10:05:00",
    );
    expect(lines[2]).toBe("Items: 1 dispatched, 1 awaiting supplement, 1 completed, 1 rejected, 1 skipped");
    expect(text).toContain("Timeline (last 2 of 4):");
    expect(text).toMatch(/2026-03-02 10:05:00\s+supplement_requested\s+funeral-subsidy\s+缺少火化证明/);
    expect(text).not.toContain("case_submitted");
    expect(renderCaseStatus(view, { lang: "en", timelineTail: 0 })).not.toContain("Timeline");
  });
});

describe("the status view of what the registry handles", () => {
  const view = sampleCaseView({
    items: [
      {
        itemId: "stop-pension",
        name: { zh: "停发养老金", en: "Stop the pension" },
        department: "human-resources-social-security",
        status: "skipped",
        attempt: 0,
        overdue: false,
        skipReason: "registry_handles",
      },
    ],
    timeline: [
      {
        entryId: "submit#3",
        at: "2026-03-02T02:00:00.200Z",
        kind: "item_skipped",
        itemId: "stop-pension",
        department: "human-resources-social-security",
        detail: "registry_handles: pension stopping in OT-20260302-STOP000001",
      },
      {
        entryId: "noted#1",
        at: "2026-03-02T02:10:00.000Z",
        kind: "subject_event_noted",
        detail:
          "公安户籍系统已注销逝者户口 (HouseholdRegistrationCancelled from household-register, hr-0042)",
      },
    ],
  });

  it("names the benefit-stop case and the benefit in the item's result", () => {
    expect(renderItemTable(view, { lang: "zh", catalogue: catalogue() })).toContain(
      "由待遇停发案件 OT-20260302-STOP000001 办理：基本养老金（停发中）",
    );
    expect(renderItemTable(view, { lang: "en", catalogue: catalogue() })).toContain(
      "benefit-stop case OT-20260302-STOP000001: Basic pension (stopping)",
    );
    // Without the timeline's detail, the reason alone.
    const bare = renderItemTable({ ...view, timeline: [] }, { lang: "en", catalogue: catalogue() });
    expect(bare).toMatch(/skipped\s+handled by the benefit-stop case$/m);
  });

  it("words the timeline's registry skip and the source system's event", () => {
    const en = renderCaseStatus(view, { lang: "en", catalogue: catalogue(), timelineTail: 5 });
    expect(en).toMatch(
      /item_skipped\s+stop-pension\s+benefit-stop case OT-20260302-STOP000001: Basic pension/,
    );
    // The rule's English note first (the detail column is 70 wide; --json has the whole entry).
    expect(en).toMatch(
      /subject_event_noted noted from a source\s+The household register has cancelled the deceased's registration \(Pub…/,
    );
    expect(en).not.toContain("registry_handles:");
    const zh = renderCaseStatus(view, { lang: "zh", catalogue: catalogue(), timelineTail: 5 });
    expect(zh).toContain("subject_event_noted 收到部门系统通报");
    expect(zh).toContain("公安户籍系统已注销逝者户口（公安 户籍系统 · 户籍注销 · hr-0042）");
  });
});
