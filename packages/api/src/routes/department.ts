import { acceptTaskResult, isPlatformScope, scopeOf } from "@onething/cases";
import { TaskResultAcceptedSchema } from "@onething/contracts";
import { json } from "../http.ts";
import type { RouteHandlers } from "./types.ts";

/** The routes of department systems. */
export const departmentRoutes: Pick<RouteHandlers, "submitTaskResult"> = {
  submitTaskResult: async ({ principal, params, body }, deps) => {
    const department = principal.role === "department" ? principal.department : "";
    const scope = scopeOf(principal, deps.catalogue.places);
    const caller = { department, ...(scope && !isPlatformScope(scope) ? { scope } : {}) };
    const accepted = await acceptTaskResult(deps, params.taskToken, body, caller, deps.clock());
    return json(202, TaskResultAcceptedSchema.parse({ accepted: true, ...accepted }));
  },
};
