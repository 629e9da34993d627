import { loadSeedCatalogue, noticeTemplateData } from "@onething/seeds";
import { describe, expect, it } from "vitest";
import {
  InvalidTemplatesError,
  NOTICE_KINDS,
  noticeText,
  parseTemplates,
  renderNotice,
} from "../src/index.ts";

const catalogue = loadSeedCatalogue();
const templates = parseTemplates(
  noticeTemplateData,
  catalogue.bundles.map((b) => b.id),
);
const afterDeath = catalogue.bundle("after-death");

describe("the seed templates", () => {
  it("have a default for every kind, zh and en, and overrides only of bundles the catalogue knows", () => {
    for (const kind of NOTICE_KINDS) expect(templates.byKey.has(kind), kind).toBe(true);
    expect(templates.byKey.has("case_received#after-death")).toBe(true);
  });

  it("say what happened, what to do next and by when, in both languages, for every kind", () => {
    for (const kind of NOTICE_KINDS)
      for (const lang of ["zh", "en"] as const) {
        const r = renderNotice(
          templates,
          kind,
          "social-assistance",
          {
            bundle: { zh: "社会救助", en: "Social assistance" },
            item: { zh: "低保审批", en: "Dibao approval" },
            caseId: "OT-20260302-ABCDEFGHJK",
            detail: "请补充原件照片",
            dueAt: "2026-03-13T09:59:59.000Z",
            status: "completed",
          },
          lang,
        );
        expect(r.what.length, `${kind} ${lang}`).toBeGreaterThan(4);
        expect(r.next.length).toBeGreaterThan(4);
        expect(r.by.length).toBeGreaterThan(4);
        expect(`${r.what}${r.next}${r.by}`).not.toMatch(/[{}]/);
      }
  });
});

describe("renderNotice", () => {
  it("fills the bundle's own template, with the date in Beijing time", () => {
    const r = renderNotice(
      templates,
      "case_received",
      "after-death",
      { bundle: afterDeath.name, caseId: "OT-20260302-ABCDEFGHJK", dueAt: "2026-03-13T16:30:00.000Z" },
      "zh",
    );
    expect(r.templateId).toBe("case_received#after-death");
    expect(r.what).toContain("OT-20260302-ABCDEFGHJK");
    // 16:30 UTC is past midnight in Beijing.
    expect(r.by).toContain("2026年3月14日");
    expect(noticeText(r, "zh")).toMatch(/^【一件事联办】/);
  });

  it("says what happens without a date when the notice has none", () => {
    const r = renderNotice(templates, "supplement_requested", "x", { item: { zh: "甲", en: "A" } }, "en");
    expect(r.templateId).toBe("supplement_requested");
    expect(r.by).toBe("Please answer soon; the item's clock is paused until you do.");
  });
});

describe("parseTemplates", () => {
  const parts = { what: "发生了什么", next: "下一步做什么", by: "{dueDate} 前", byOpen: "尽快办理" };
  const all = NOTICE_KINDS.map((kind) => ({ kind, zh: parts, en: parts }));

  it("refuses a missing kind, a duplicate, an unknown placeholder, an unknown bundle and a date in byOpen", () => {
    const bad = {
      version: 1,
      templates: [
        ...all.filter((t) => t.kind !== "case_closed"),
        { kind: "item_completed", zh: parts, en: parts },
        { kind: "item_rejected", bundle: "no-such-bundle", zh: parts, en: parts },
      ],
    };
    try {
      parseTemplates(bad, ["after-death"]);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidTemplatesError);
      expect((error as InvalidTemplatesError).problems).toEqual([
        "template item_completed is given twice",
        "template item_rejected#no-such-bundle: unknown bundle",
        "no template for case_closed",
      ]);
    }
    const typo = { version: 1, templates: [{ ...all[0], zh: { ...parts, what: "您的 {bundel} 已受理" } }] };
    expect(() => parseTemplates(typo)).toThrow(/unknown placeholder \{bundel\}/);
    const dated = { version: 1, templates: [{ ...all[0], en: { ...parts, byOpen: "by {dueDate}" } }] };
    expect(() => parseTemplates(dated)).toThrow(/byOpen is for notices without a date/);
  });
});

describe("a notice's {detail}", () => {
  it("goes into the English text only when it is not Chinese", () => {
    const render = renderNotice;
    const params = { item: { zh: "丧葬补助金", en: "Funeral grant" }, detail: "请补充死亡证明" };
    expect(render(templates, "supplement_requested", "after-death", params, "zh").what).toContain(
      "请补充死亡证明",
    );
    const en = render(templates, "supplement_requested", "after-death", params, "en").what;
    expect(en).not.toMatch(/[\u3400-\u9fff]/);
    expect(en).toContain("details are given in Chinese");
    const plain = { ...params, detail: "a death certificate" };
    expect(render(templates, "supplement_requested", "after-death", plain, "en").what).toContain(
      "a death certificate",
    );
  });
});
