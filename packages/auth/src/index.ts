export * from "./claim-map.ts";
export * from "./claim-map-config.ts";
export * from "./dev-issuer.ts";
export * from "./errors.ts";
export * from "./identity.ts";
export * from "./principal.ts";
export * from "./task-keyring.ts";
export * from "./task-token.ts";
