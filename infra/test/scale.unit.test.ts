// Why one queue per department (the office in the message) rather than one per office: what a department costs
// the stack, against CloudFormation's limit of 500 resources per stack.

import { allQueues } from "@onething/topology";
import { describe, expect, it } from "vitest";
import { synthesiseStages } from "./support.ts";

const { template, topology } = synthesiseStages();
const CLOUDFORMATION_RESOURCE_LIMIT = 500;

const logicalIds = Object.keys(template.toJSON().Resources as Record<string, unknown>);
const departmentQueues = allQueues(topology).filter((q) => q.consumer.kind === "department");
/** Every resource whose logical id derives from a department's queue: its DLQ, policies, role, alarms. */
const resourcesOf = (queueLogicalId: string) =>
  logicalIds.filter((id) => new RegExp(`^(Monitoring)?${queueLogicalId}[A-Z0-9]`).test(id));

describe("the stack at the scale of a province", () => {
  it("adds the same fixed set of resources for every department", () => {
    const counts = new Set(departmentQueues.map((q) => resourcesOf(q.logicalId).length));
    expect(counts.size).toBe(1);
  });

  it("fits one stack with room for the departments of a province, which one queue per office would not", () => {
    const perDepartment = resourcesOf(departmentQueues[0]?.logicalId ?? "").length;
    const shared = logicalIds.length - perDepartment * departmentQueues.length;
    expect(logicalIds.length).toBeLessThan(CLOUDFORMATION_RESOURCE_LIMIT);
    // ~25 departments of a province: one stack. ~100 districts × 25 departments as offices: dozens of stacks.
    expect(shared + 25 * perDepartment).toBeLessThan(CLOUDFORMATION_RESOURCE_LIMIT);
    expect(shared + 100 * 25 * perDepartment).toBeGreaterThan(20 * CLOUDFORMATION_RESOURCE_LIMIT);
  });
});
