export type { ApiDeps, NoticeInbox, OpsPort } from "./deps.ts";
export { createApiHandler, ROUTE_HANDLERS } from "./handler.ts";
export * from "./http.ts";
export { errorResult, HTTP_STATUS, RETRY_AFTER_SECONDS, refusalResult } from "./refusals.ts";
export type { ApiRequest } from "./router.ts";
export type { RouteHandlers } from "./routes/types.ts";
