export * from "./delegations.ts";
export * from "./jurisdictions.ts";
export * from "./profiles.ts";
export * from "./schema.ts";
export { validateDelegations, validateProfiles, validateTree } from "./validate.ts";
