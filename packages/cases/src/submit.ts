import type { Principal } from "@onething/auth";
import {
  type SubmitApplicationRequest,
  SubmitApplicationRequestSchema,
  type SubmitApplicationResponse,
} from "@onething/contracts";
import {
  type Application,
  type Bundle,
  type CaseState,
  type FieldIssue,
  type Filer,
  type Jurisdictions,
  toFieldIssues,
  unknownPlaces,
  validateApplication,
} from "@onething/domain";
import { assertMayApply } from "./access.ts";
import { type ApplyDeps, applyCaseEvent } from "./apply-event.ts";
import { registrySnapshot } from "./data-event-rules.ts";
import { RequestRefusedError, validationFailed } from "./errors.ts";
import type { IdempotencyRepository } from "./ports.ts";
import type { SubjectRegistry } from "./registry-ports.ts";
import { IdempotencyKeyConflictError } from "./repository-errors.ts";
import { scopeOf } from "./scope.ts";
import { identityIn } from "./subjects.ts";

export interface SubmitDeps extends ApplyDeps {
  idempotency: IdempotencyRepository;
  /** The subject registry: what it knows of the case's subject reaches the engine with the submission. */
  registry?: SubjectRegistry;
}

export interface SubmitRequest {
  body: unknown;
  idempotencyKey: string | undefined;
  /** Hash of the raw body, so the same key with another body is a 409. */
  bodyHash: string;
  principal: Principal;
  newCaseId: string;
}

/**
 * POST /v1/applications: validate everything (naming every bad field), check the applicant is the caller,
 * claim the idempotency key, and run the submission through the engine at once, so the answer lists every
 * item as dispatched, skipped or waiting.
 */
export async function submitApplication(
  deps: SubmitDeps,
  req: SubmitRequest,
  now: Date,
): Promise<SubmitApplicationResponse> {
  if (!req.idempotencyKey || req.idempotencyKey.length > 200) {
    throw validationFailed([
      {
        path: "headers.idempotency-key",
        message: "an Idempotency-Key header (1–200 characters) is required",
        code: "required",
      },
    ]);
  }
  const parsed = SubmitApplicationRequestSchema.safeParse(req.body);
  if (!parsed.success) throw validationFailed(toFieldIssues(parsed.error));
  const body = parsed.data;
  if (!deps.catalogue.has(body.bundleId))
    throw new RequestRefusedError("not_found", "unknown_bundle", `no bundle ${body.bundleId}`);
  const bundle = deps.catalogue.bundle(body.bundleId);
  if (bundle.startedBy === "system")
    throw validationFailed([
      {
        path: "bundleId",
        message: `nobody applies for ${bundle.id}: the platform starts it from a data event`,
        code: "system_started_bundle",
      },
    ]);
  const application = {
    applicant: body.applicant,
    ...(body.subject ? { subject: body.subject } : {}),
    answers: body.answers,
  };
  const valid = validateApplication(bundle, application);
  const channelIssues = channelProblems(req.principal, body.channel);
  if (!valid.ok) throw validationFailed([...valid.issues, ...channelIssues]);
  if (channelIssues.length > 0) throw validationFailed(channelIssues);
  assertMayApply(req.principal, bundle, body.applicant);
  const receivingPlace = receivingPlaceOf(deps.catalogue.places, req.principal, body.receivingPlace);
  // The form checked each place field's shape; the tree says whether the place exists.
  const unknown = unknownPlaces(deps.catalogue, bundle, valid.value, receivingPlace);
  if (unknown.length > 0) throw new UnknownPlaceRefusedError(unknown);

  const caseId = await claimKey(deps, req, req.idempotencyKey, now);
  const filedBy: Filer =
    req.principal.role === "clerk"
      ? { role: "clerk", id: req.principal.subject }
      : { role: "citizen", id: req.principal.subject };
  const outcome = await applyCaseEvent(
    deps,
    {
      type: "ApplicationSubmitted",
      eventId: `submit:${caseId}`,
      caseId,
      bundleId: bundle.id,
      application: valid.value,
      channel: req.principal.role === "clerk" ? "counter" : (body.channel ?? "online"),
      filedBy,
      ...(receivingPlace ? { receivingPlace } : {}),
      ...(await knownOfSubject(deps, bundle, valid.value)),
    },
    now,
  );
  const state = outcome.state;
  if (!state)
    throw new RequestRefusedError(
      "conflict",
      "submission_refused",
      outcome.kind === "ignored" ? outcome.detail : "not stored",
    );
  return summary(state);
}

/** A place the tree does not hold: 400 `unknown_place`, naming the field. */
export class UnknownPlaceRefusedError extends RequestRefusedError {
  readonly field: string;
  /** Every place the tree does not know, by its field (`receivingPlace` for the receiving office). */
  constructor(unknown: readonly { field: string; value: string }[]) {
    const first = unknown[0] ?? { field: "receivingPlace", value: "" };
    super(
      "invalid",
      "unknown_place",
      `${first.field}: no place ${first.value} in the jurisdiction tree`,
      unknown.map((u) => ({
        path: u.field,
        message: `no place ${u.value} in the jurisdiction tree`,
        code: "unknown_place",
      })),
    );
    this.field = first.field;
  }
}

/**
 * Where the application is received: a counter filing at the clerk's office (the clerk's scope is checked when the
 * principal's office is read), an online one at the applicant's choice if they made one.
 */
const receivingPlaceOf = (places: Jurisdictions, principal: Principal, chosen: string | undefined) =>
  principal.role === "clerk" ? scopeOf(principal, places)?.jurisdiction : chosen;

/**
 * The registry's entitlements of the case's subject, for a bundle whose items stop benefits: the engine leaves to
 * the registry's own benefit-stop case what the registry knows, and the family's answers decide only the rest.
 */
export async function knownOfSubject(
  deps: Pick<SubmitDeps, "registry">,
  bundle: Bundle,
  application: Application,
): Promise<{ registry?: ReturnType<typeof registrySnapshot> }> {
  const stops = bundle.items.some((item) => (item.entitlements?.ends.length ?? 0) > 0);
  const ref = bundle.caseSubject?.field;
  if (!deps.registry || !stops || !ref) return {};
  const identity = identityIn(application, ref);
  if (!identity) return {};
  return { registry: registrySnapshot(await deps.registry.entitlementsOf(identity)) };
}

/**
 * Claims the request's idempotency key (scoped to the caller) for a new case id: the first claim reserves it, a
 * replay with the same body gets the case its first claim reserved, another body is a 409.
 */
async function claimKey(deps: SubmitDeps, req: SubmitRequest, key: string, now: Date): Promise<string> {
  const scope = `${req.principal.role}:${req.principal.subject}`;
  try {
    await deps.idempotency.claim(scope, key, { requestHash: req.bodyHash, caseId: req.newCaseId }, now);
    return req.newCaseId;
  } catch (error) {
    if (!(error instanceof IdempotencyKeyConflictError)) throw error;
    if (error.record.requestHash === req.bodyHash) return error.record.caseId;
    throw new RequestRefusedError(
      "conflict",
      "idempotency_key_reused",
      "this Idempotency-Key was used with a different body",
    );
  }
}

/**
 * A citizen applies online; only a clerk files at the counter (and a clerk's filing is `counter` whatever the body
 * says). Other roles are refused by `assertMayApply`.
 */
function channelProblems(principal: Principal, channel: SubmitApplicationRequest["channel"]): FieldIssue[] {
  return principal.role === "citizen" && channel === "counter"
    ? [
        {
          path: "channel",
          message: "only a clerk files at the counter; a citizen applies online",
          code: "counter_for_clerks",
        },
      ]
    : [];
}

export function summary(state: CaseState): SubmitApplicationResponse {
  return {
    caseId: state.caseId,
    status: state.status,
    items: Object.values(state.items).map((i) => ({
      itemId: i.itemId,
      department: i.department,
      status: i.status,
    })),
  };
}
