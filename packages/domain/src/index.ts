export * from "./bundle/application.ts";
export * from "./bundle/catalogue.ts";
export * from "./bundle/documents.ts";
export * from "./bundle/for-each.ts";
export * from "./bundle/open-fields.ts";
export * from "./bundle/predicate.ts";
export * from "./bundle/schema.ts";
export { findCycle, parseBundle, transitiveDependencies, validateBundle } from "./bundle/validate.ts";
export * from "./calendar/calendar.ts";
export * from "./calendar/statutory.ts";
export * from "./case-id.ts";
export {
  type AnswerProblem,
  type AnswerProblemReason,
  answerProblem,
  type ItemAnswer,
} from "./engine/answer.ts";
export { createDecide, type Decide, type EngineConfig } from "./engine/decide.ts";
export { dispatchPlace } from "./engine/dispatch.ts";
export { type EntitlementChange, entitlementChangesOf } from "./engine/entitlements.ts";
export { declaredInputs } from "./engine/inputs.ts";
export { statesWithDefinitions } from "./engine/items.ts";
export { casePlaceOf, competentOffice, officeAt, placeCase, unknownPlaces } from "./engine/places.ts";
export { taskReportProblem, transferProblem } from "./engine/status.ts";
export { SECOND_ESCALATION_WORKING_DAYS, supervisingOffice } from "./engine/supervisor.ts";
export { validateSupplement } from "./engine/supplement.ts";
export * from "./engine/types.ts";
export * from "./errors.ts";
export * from "./events/data-events.ts";
export * from "./events/sources.ts";
export * from "./identifiers.ts";
export * from "./masking.ts";
export * from "./places/index.ts";
export * from "./refusal.ts";
export * from "./rules/plan.ts";
export * from "./rules/schema.ts";
export { ENTITLEMENT_ELEMENT_FIELDS, parseRule, validateRule } from "./rules/validate.ts";
