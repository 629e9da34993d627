/**
 * For-each instances beyond the engine: what each reader of a case sees of them, and the task message each
 * department gets. A small test-only bundle (the seeds have no for-each item yet), through the real catalogue.
 */
import { createTaskTokens } from "@onething/auth";
import { CaseViewSchema, TaskDispatchedMessageSchema } from "@onething/contracts";
import { type CaseState, createDecide, loadCatalogue, residentIdCheckChar } from "@onething/domain";
import { loadSeedCalendar } from "@onething/seeds";
import { describe, expect, it } from "vitest";
import { caseView, commandsToOutbox } from "../src/index.ts";

const text = (zh: string, en: string) => ({ zh, en });
const catalogue = loadCatalogue({
  departments: {
    departments: [
      { id: "hrss", name: text("人社", "HRSS"), kind: "government" },
      { id: "civil-affairs", name: text("民政", "Civil affairs"), kind: "government" },
    ],
  },
  bundles: [
    {
      id: "stops",
      version: 1,
      name: text("停发", "Stops"),
      applicantKind: "person",
      form: {
        fields: [
          {
            section: "applicant",
            name: "idNumber",
            label: text("身份证号", "ID"),
            type: "idNumber",
            required: true,
          },
          {
            section: "answers",
            name: "entitlements",
            label: text("待遇", "Entitlements"),
            type: "list",
            required: true,
            of: [
              { name: "code", label: text("代码", "Code"), type: "text", required: true },
              {
                name: "department",
                label: text("部门", "Department"),
                type: "enum",
                required: true,
                options: [
                  { value: "hrss", label: text("人社", "HRSS") },
                  { value: "civil-affairs", label: text("民政", "Civil affairs") },
                ],
              },
            ],
          },
        ],
      },
      items: [
        {
          id: "stop",
          name: text("待遇停发", "Stop"),
          department: "hrss",
          forEach: { field: "answers.entitlements", key: "code", department: "department" },
          inputs: { fields: ["applicant.idNumber"] },
          timeLimitWorkingDays: 5,
          rejectionFails: "item",
        },
      ],
    },
  ],
});
const bundle = catalogue.bundle("stops");
const NOW = new Date("2026-03-02T10:00:00+08:00");
const idNumber = `33021219700815002${residentIdCheckChar("33021219700815002")}`;

const { state, commands } = createDecide({ catalogue, calendar: loadSeedCalendar() })(
  undefined,
  {
    type: "ApplicationSubmitted",
    eventId: "submit",
    caseId: "F1",
    bundleId: "stops",
    application: {
      applicant: { idNumber },
      answers: {
        entitlements: [
          { code: "dibao", department: "civil-affairs" },
          { code: "yanglao", department: "hrss" },
        ],
      },
    },
    channel: "online",
    filedBy: { role: "citizen", id: idNumber },
  },
  NOW,
);

describe("for-each instances in views and messages", () => {
  it("shows the for-each item followed by its instances, each named with its element's key", () => {
    const view = CaseViewSchema.parse(caseView(state as CaseState, bundle, [], { kind: "full" }));
    expect(view.items.map((i) => [i.itemId, i.status, i.department, i.forEachOf, i.element])).toEqual([
      ["stop", "running", "hrss", undefined, undefined],
      ["stop--dibao", "dispatched", "civil-affairs", "stop", "dibao"],
      ["stop--yanglao", "dispatched", "hrss", "stop", "yanglao"],
    ]);
    expect(view.items[1]?.name).toEqual({ zh: "待遇停发（dibao）", en: "Stop (dibao)" });
  });

  it("shows a department only the instances it holds", () => {
    const view = caseView(state as CaseState, bundle, [], {
      kind: "department",
      department: "civil-affairs",
    });
    expect(view.items.map((i) => i.itemId)).toEqual(["stop--dibao"]);
  });

  it("sends each department a task for its instance, named for it, with its own element only", () => {
    const messages = commandsToOutbox(
      commands,
      bundle,
      createTaskTokens("for-each-test-secret-0123456789abcdef"),
      NOW,
    );
    const tasks = messages.map((m) => TaskDispatchedMessageSchema.parse(m.body));
    expect(tasks.map((t) => [t.itemId, t.department, t.itemName.en])).toEqual([
      ["stop--dibao", "civil-affairs", "Stop (dibao)"],
      ["stop--yanglao", "hrss", "Stop (yanglao)"],
    ]);
    expect(tasks[0]?.inputs.fields).toEqual({
      "applicant.idNumber": idNumber,
      "element.code": "dibao",
      "element.department": "civil-affairs",
    });
  });
});
