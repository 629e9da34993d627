import type { Principal } from "@onething/auth";
import {
  ackLease,
  type DepartmentPullDeps,
  extendLease,
  leaseTasks,
  type PullingOffice,
  releaseLease,
  scopeOf,
} from "@onething/cases";
import {
  AckLeaseResponseSchema,
  ExtendLeaseResponseSchema,
  LeaseTasksResponseSchema,
  ReleaseLeaseResponseSchema,
} from "@onething/contracts";
import { RefusalError } from "@onething/domain";
import type { ApiDeps } from "../deps.ts";
import { json } from "../http.ts";
import type { RouteHandlers } from "./types.ts";

/** The pull's ports, or a 503 where this deployment has none (a test's API without queues). */
function pullOf(deps: ApiDeps): DepartmentPullDeps {
  if (!deps.departmentPull)
    throw new RefusalError("retry_later", "service_unavailable", "pulling tasks is not configured here");
  return deps.departmentPull;
}

/** The calling office: its department and its scope in the tree (an office the tree does not know: 403). */
function officeOf(principal: Principal, deps: ApiDeps): PullingOffice {
  const scope = scopeOf(principal, deps.catalogue.places);
  if (principal.role !== "department" || !scope)
    throw new RefusalError("forbidden", "forbidden", "not a department");
  return { department: principal.department, scope };
}

/** Leases over SQS run on real time (visibility timeouts are), whatever the platform clock says. */
const realNow = () => new Date();

/** Pull over HTTPS: lease, extend, release, acknowledge (`docs/department-pull.md`). */
export const departmentPullRoutes: Pick<
  RouteHandlers,
  "leaseDepartmentTasks" | "extendDepartmentLease" | "releaseDepartmentLease" | "ackDepartmentLease"
> = {
  leaseDepartmentTasks: async ({ principal, body }, deps) => {
    const office = officeOf(principal, deps);
    const leases = await leaseTasks(pullOf(deps), office, body, realNow());
    return json(200, LeaseTasksResponseSchema.parse({ leases }));
  },
  extendDepartmentLease: async ({ principal, body }, deps) => {
    const office = officeOf(principal, deps);
    const extended = await extendLease(pullOf(deps), office, body.leaseId, body.leaseSeconds, realNow());
    return json(200, ExtendLeaseResponseSchema.parse(extended));
  },
  releaseDepartmentLease: async ({ principal, body }, deps) => {
    await releaseLease(pullOf(deps), officeOf(principal, deps), body.leaseId, realNow());
    return json(200, ReleaseLeaseResponseSchema.parse({ released: true }));
  },
  ackDepartmentLease: async ({ principal, body }, deps) => {
    await ackLease(pullOf(deps), officeOf(principal, deps), body.leaseId, realNow());
    return json(200, AckLeaseResponseSchema.parse({ acknowledged: true }));
  },
};
