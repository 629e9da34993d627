export * from "./accounts.ts";
export * from "./department-clients.ts";
export { type Lang, langOf } from "./pages.ts";
export { API_RESOURCE, API_SCOPE, WEB_CLIENT_ID, WEB_SCOPE } from "./provider.ts";
export * from "./service.ts";
export * from "./verify.ts";
