import { departmentQueue, EVENTS_QUEUE, ORCHESTRATOR_QUEUE } from "@onething/cases";
import { queueUrlFor } from "@onething/messaging";
import { describe, expect, it } from "vitest";

const urls = {
  orchestrator: "https://sqs.local/000/onething-orchestrator.fifo",
  events: "https://sqs.local/000/onething-events",
  departments: { health: "https://sqs.local/000/onething-dept-health" },
};

describe("the outbox's logical queues", () => {
  it("resolve to the orchestrator, events and department queues", () => {
    expect(queueUrlFor(urls, ORCHESTRATOR_QUEUE)).toBe(urls.orchestrator);
    expect(queueUrlFor(urls, EVENTS_QUEUE)).toBe(urls.events);
    expect(queueUrlFor(urls, departmentQueue("health"))).toBe(urls.departments.health);
  });

  it("fail loudly for an unknown queue, and for the events queue when it was not given", () => {
    expect(() => queueUrlFor(urls, departmentQueue("tax"))).toThrow(/no queue for department:tax/);
    expect(() => queueUrlFor(urls, "elsewhere")).toThrow(/no queue for elsewhere/);
    const { events: _events, ...withoutEvents } = urls;
    expect(() => queueUrlFor(withoutEvents, EVENTS_QUEUE)).toThrow(/no queue for events/);
  });
});
