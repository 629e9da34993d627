import type { CaseEvent, CaseState, ItemResult } from "@onething/domain";
import { describe, expect, it } from "vitest";
import { answerTo, completed, dispatchedIds, dispatches, rejected, supplementFor } from "./fixtures.ts";
import {
  entitlement,
  forEachApplication,
  forEachEngine,
  instanceIds,
  submittedBenefits,
} from "./for-each-bundle.ts";
import { later } from "./mini-engine.ts";

const { decide, apply, started } = forEachEngine();

const stopped = (state: CaseState, itemId: string) => completed(state, itemId, { stoppedOn: "2025-10-09" });

/** Answers each instance in turn (completed, or rejected for the keys in `reject`). */
function answerAll(state: CaseState, reject: readonly string[] = []) {
  let current = state;
  const commands = [];
  for (const [n, id] of instanceIds(state).entries()) {
    const key = id.slice("benefit-stop--".length);
    const d = apply(
      current,
      reject.includes(key) ? rejected(current, id) : stopped(current, id),
      later(10 + n),
    );
    current = d.state;
    commands.push(...d.commands);
  }
  return { state: current, commands };
}

describe("a for-each item", () => {
  it("runs one instance per element once it is ready, each at its element's department, never itself", () => {
    const application = forEachApplication([entitlement("dibao")]);
    const { state: submitted } = apply(undefined, submittedBenefits(application), later(0));
    // Not ready yet: it waits for the death certificate like any item.
    expect(submitted.items["benefit-stop"]).toMatchObject({ status: "pending", attempt: 0 });
    expect(submitted.items["benefit-stop--dibao"]).toBeUndefined();

    const { state, commands } = started([entitlement("dibao"), entitlement("gaoling", "health")]);
    expect(dispatchedIds(commands)).toEqual(["benefit-stop--dibao", "benefit-stop--gaoling"]);
    expect(dispatches(commands).map((c) => [c.department, c.attempt])).toEqual([
      ["hrss", 1],
      ["health", 1],
    ]);
    expect(state.items["benefit-stop"]).toMatchObject({ status: "running", attempt: 0 });
    expect(state.items["benefit-stop"]?.dueAt).toBeUndefined();
    expect(instanceIds(state)).toEqual(["benefit-stop--dibao", "benefit-stop--gaoling"]);
    expect(state.items["benefit-stop--gaoling"]).toMatchObject({
      itemId: "benefit-stop--gaoling",
      department: "health",
      status: "dispatched",
      attempt: 1,
      forEachOf: "benefit-stop",
      element: "gaoling",
      // Five working days from Tue 30 Sep 2025, across the National Day holiday.
      dueAt: new Date("2025-10-14T24:00:00+08:00").toISOString(),
    });
  });

  it("sends each department its declared inputs and its own element, never the list or the other elements", () => {
    const { commands } = started([
      entitlement("dibao", "hrss", { monthlyAmount: 800, payee: "王小明" }),
      entitlement("gaoling", "health", { payee: "李四" }),
    ]);
    const [dibao, gaoling] = dispatches(commands);
    expect(dibao?.inputs).toEqual({
      fields: {
        "subject.idNumber": expect.any(String),
        "answers.dateOfDeath": "2025-09-28",
        "element.code": "dibao",
        "element.department": "hrss",
        "element.monthlyAmount": 800,
        "element.payee": "王小明",
      },
      outputs: { "certificate.certificateNumber": "DC-1" },
    });
    expect(Object.keys(gaoling?.inputs.fields ?? {})).not.toContain("answers.entitlements");
    expect(JSON.stringify(dibao)).not.toMatch(/gaoling|李四/);
    expect(JSON.stringify(gaoling)).not.toMatch(/dibao|王小明|800/);
  });

  it("is skipped as having no elements when the list is empty or absent, and its dependents go on", () => {
    for (const list of [[], undefined]) {
      const { state, commands } = started(list);
      expect(state.items["benefit-stop"]).toMatchObject({ status: "skipped", skipReason: "no_elements" });
      expect(dispatchedIds(commands)).toEqual(["closing-letter"]);
      const done = apply(state, completed(state, "closing-letter"), later(20)).state;
      expect(done.status).toBe("completed");
    }
  });

  it("completes once every instance completed; its dependents wait for that", () => {
    const { state } = started([entitlement("dibao"), entitlement("gaoling", "health"), entitlement("canji")]);
    const one = apply(state, stopped(state, "benefit-stop--dibao"), later(10));
    expect(one.state.items["benefit-stop"]?.status).toBe("running");
    expect(one.state.items["closing-letter"]?.status).toBe("pending");
    expect(dispatchedIds(one.commands)).toEqual([]);

    const all = answerAll(state);
    expect(all.state.items["benefit-stop"]).toMatchObject({ status: "completed" });
    expect(all.state.items["benefit-stop"]?.outputs).toBeUndefined();
    expect(all.state.items["benefit-stop--gaoling"]?.outputs).toEqual({ stoppedOn: "2025-10-09" });
    expect(dispatchedIds(all.commands)).toEqual(["closing-letter"]);
    const closed = apply(all.state, completed(all.state, "closing-letter"), later(30)).state;
    expect(closed.status).toBe("completed");
  });

  it("is rejected once all finished and any was rejected; the case ends with exceptions", () => {
    const some = answerAll(started([entitlement("dibao"), entitlement("gaoling")]).state, ["gaoling"]).state;
    expect(some.items["benefit-stop"]).toMatchObject({
      status: "rejected",
      reason: "not completed: benefit-stop--gaoling",
    });
    expect(some.items["benefit-stop--dibao"]?.status).toBe("completed");
    expect(some.items["closing-letter"]).toMatchObject({
      status: "skipped",
      skipReason: "dependency_not_completed",
    });
    expect(some.status).toBe("completed_with_exceptions");

    const none = answerAll(started([entitlement("dibao"), entitlement("gaoling")]).state, [
      "dibao",
      "gaoling",
    ]);
    expect(none.state.items["benefit-stop"]?.status).toBe("rejected");
    expect(none.state.status).toBe("completed_with_exceptions");
  });

  it("validates each instance's outputs against the for-each item's declaration", () => {
    const { state } = started([entitlement("dibao")]);
    const bad = decide(state, completed(state, "benefit-stop--dibao", { stoppedOn: "soon" }), later(10));
    expect(bad.ignored?.reason).toBe("invalid_outputs");
    const undeclared = decide(state, completed(state, "benefit-stop--dibao", { x: 1 }), later(10));
    expect(undeclared.ignored?.reason).toBe("invalid_outputs");
  });
});

describe("answers to a for-each item", () => {
  const done: ItemResult = { outcome: "completed", outputs: { stoppedOn: "2025-10-09" } };

  it("takes no answer, supplement or overdue for the for-each item itself, nor for an element it lacks", () => {
    const { state } = started([entitlement("dibao")]);
    for (const attempt of [0, 1]) {
      const toTemplate = answerTo("B1", { itemId: "benefit-stop", department: "hrss", attempt }, done);
      expect(decide(state, toTemplate, later(10)).ignored?.reason).toBe("unknown_item");
    }
    expect(decide(state, supplementFor("B1", "benefit-stop", 0, {}), later(10)).ignored?.reason).toBe(
      "unknown_item",
    );
    const overdue: CaseEvent = {
      type: "ItemOverdue",
      eventId: "o",
      caseId: "B1",
      itemId: "benefit-stop",
      attempt: 0,
    };
    expect(decide(state, overdue, new Date("2025-12-01T00:00:00Z")).ignored?.reason).toBe("unknown_item");
    const ghost = answerTo("B1", { itemId: "benefit-stop--gaoling", department: "hrss", attempt: 1 }, done);
    expect(decide(state, ghost, later(10)).ignored?.reason).toBe("unknown_item");
  });

  it("lets an instance be answered only by its own department", () => {
    const { state } = started([entitlement("dibao"), entitlement("gaoling", "health")]);
    const wrong = answerTo("B1", { itemId: "benefit-stop--gaoling", department: "hrss", attempt: 1 }, done);
    expect(decide(state, wrong, later(10)).ignored?.reason).toBe("wrong_department");
  });
});
