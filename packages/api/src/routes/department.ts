import { acceptTaskResult } from "@onething/cases";
import { TaskResultAcceptedSchema } from "@onething/contracts";
import { json } from "../http.ts";
import type { RouteHandlers } from "./types.ts";

/** The routes of department systems. */
export const departmentRoutes: Pick<RouteHandlers, "submitTaskResult"> = {
  submitTaskResult: async ({ principal, params, body }, deps) => {
    const department = principal.role === "department" ? principal.department : "";
    const accepted = await acceptTaskResult(deps, params.taskToken, body, { department }, deps.clock());
    return json(202, TaskResultAcceptedSchema.parse({ accepted: true, ...accepted }));
  },
};
