import { beforeAll, describe, expect, it } from "vitest";
import type { Translate } from "../src/errors.ts";
import { handledBenefits, registryHandlesText, skipDetailOf, subjectEventText } from "../src/registry.ts";
import type { TimelineEntry } from "../src/types.ts";
import { translators } from "./translators.ts";

let tZh: Translate;
let tEn: Translate;
beforeAll(async () => {
  ({ tZh, tEn } = await translators());
});

const STOPPING = "registry_handles: pension stopping in OT-20260302-AB12CD34, dibao active";

describe("a stop the registry handles", () => {
  it("reads the benefits, their status and the stop case from the engine's detail", () => {
    expect(handledBenefits(STOPPING)).toEqual([
      { benefit: "pension", status: "stopping", stopCaseId: "OT-20260302-AB12CD34" },
      { benefit: "dibao", status: "active" },
    ]);
    expect(handledBenefits("condition_false: condition does not hold")).toEqual([]);
    expect(handledBenefits(undefined)).toEqual([]);
  });

  it("names the benefit-stop case and each benefit in Chinese and in English", () => {
    expect(registryHandlesText(tZh, "zh", STOPPING)).toBe(
      "由待遇停发案件 OT-20260302-AB12CD34 统一办理，无需在此重复申请：基本养老金（停发中）；" +
        "主体库已登记，由平台的待遇停发案件统一办理，无需在此重复申请：最低生活保障（低保）（在享）",
    );
    expect(
      registryHandlesText(
        tEn,
        "en",
        "registry_handles: pension ended in OT-1, elderly-allowance ended in OT-1",
      ),
    ).toMatch(
      /^Stopped by the benefit-stop case OT-1, nothing to apply for here: Basic pension \(stopped\), .+ \(stopped\)$/,
    );
    expect(registryHandlesText(tEn, "en", "registry_handles: ")).toBeUndefined();
  });

  it("finds the latest skip of an item on the timeline", () => {
    const entry = (entryId: string, kind: string, itemId: string, detail: string): TimelineEntry => ({
      entryId,
      at: "2026-03-02T01:00:00.000Z",
      kind,
      itemId,
      detail,
    });
    const timeline = [
      entry("e#1", "item_dispatched", "stop-pension", "sent"),
      entry("e#2", "item_skipped", "stop-dibao", "condition_false: condition does not hold"),
      entry("e#3", "item_skipped", "stop-pension", STOPPING),
    ];
    expect(skipDetailOf(timeline, "stop-pension")).toBe(STOPPING);
    expect(skipDetailOf(timeline, "stop-other")).toBeUndefined();
  });
});

describe("an event noted on a case", () => {
  const detail =
    "公安户籍系统已注销逝者户口 (HouseholdRegistrationCancelled from household-register, hr-2026-0042)";

  it("names the source system and the event type, the rule's note in the page's language", () => {
    const zh = subjectEventText(tZh, "zh", detail);
    // No event id: the page names the system and the event, not the source's record number.
    expect(zh).toBe("公安户籍系统已注销逝者户口（公安 户籍系统 · 户籍注销）");
    const en = subjectEventText(tEn, "en", detail);
    expect(en).toBe(
      "The household register has cancelled the deceased's registration " +
        "(Public security: household register · household registration cancelled)",
    );
  });

  it("leaves a detail of another shape alone, and a note no rule has as recorded", () => {
    expect(subjectEventText(tZh, "zh", "free text")).toBeUndefined();
    expect(subjectEventText(tEn, "en", "别的说明 (PersonDied from health-death-registry, d-1)")).toBe(
      "别的说明 (Health commission: medical death certificate system · death recorded)",
    );
  });
});
