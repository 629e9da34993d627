import { newWebhookSecret, type Principal } from "@onething/auth";
import type { DepartmentMessage, WebhookDeliveryMessage } from "@onething/contracts";
import { type Jurisdictions, PLATFORM_JURISDICTION } from "@onething/domain";
import { RequestRefusedError, validationFailed } from "./errors.ts";
import { departmentOfQueue, type OutboxMessage, type SendOutbox } from "./ports.ts";
import { scopeOf } from "./scope.ts";
import { type WebhookUrlPolicy, webhookUrlIssues } from "./webhook-url.ts";

/** One department office's endpoint (issue 17). `office` is the office's jurisdiction code. */
export interface WebhookRegistration {
  department: string;
  office: string;
  url: string;
  /** The HMAC key of the signatures (`whsec_…`). */
  secret: string;
  createdAt: string;
  /** The principal's subject that registered it. */
  registeredBy: string;
  /** The secret a re-registration replaced, still signing (beside the new one) until `previousSecretUntil`. */
  previousSecret?: string;
  previousSecretUntil?: string;
}

/** How long a replaced secret still signs beside the new one. */
export const PREVIOUS_SECRET_GRACE_MS = 24 * 60 * 60 * 1000;

/** The secrets a delivery at `now` is signed with: the current one, and a replaced one within its grace. */
export const signingSecrets = (r: WebhookRegistration, now: Date): string[] =>
  r.previousSecret && r.previousSecretUntil && Date.parse(r.previousSecretUntil) > now.getTime()
    ? [r.secret, r.previousSecret]
    : [r.secret];

/** Port: the registrations (`@onething/store`'s webhook family; one partition per department). */
export interface WebhookRepository {
  putWebhook(registration: WebhookRegistration): Promise<void>;
  getWebhook(department: string, office: string): Promise<WebhookRegistration | undefined>;
  /** Whether there was one to remove. */
  deleteWebhook(department: string, office: string): Promise<boolean>;
  listWebhooks(department: string): Promise<WebhookRegistration[]>;
}

/** The logical outbox queue of pushed tasks (the topology's `webhooks` queue). */
export const WEBHOOKS_QUEUE = "webhooks";

export class NoWebhookError extends RequestRefusedError {
  constructor(department: string, office: string) {
    super("not_found", "no_webhook", `office ${office} of ${department} has no webhook`);
  }
}

/** The calling department office: its department and the jurisdiction code of its office (checked in the tree). */
function officeOf(principal: Principal, places: Jurisdictions): { department: string; office: string } {
  if (principal.role !== "department") throw new Error("webhook routes are for department principals");
  const scope = scopeOf(principal, places);
  return { department: principal.department, office: scope?.jurisdiction ?? PLATFORM_JURISDICTION };
}

export interface WebhookDeps {
  webhooks: WebhookRepository;
  catalogue: { places: Jurisdictions };
  urlPolicy: WebhookUrlPolicy;
  clock: () => Date;
}

/** Registers (or replaces) the office's endpoint with a new secret, which only this answer shows. */
export async function registerWebhook(
  deps: WebhookDeps,
  principal: Principal,
  body: { url: string },
): Promise<WebhookRegistration> {
  const { department, office } = officeOf(principal, deps.catalogue.places);
  const issues = webhookUrlIssues(body.url, deps.urlPolicy);
  if (issues.length > 0) throw validationFailed(issues);
  const now = deps.clock();
  const replaced = await deps.webhooks.getWebhook(department, office);
  const registration: WebhookRegistration = {
    department,
    office,
    url: new URL(body.url).href,
    secret: newWebhookSecret(),
    createdAt: now.toISOString(),
    registeredBy: principal.subject,
    // The replaced secret keeps signing a day beside the new one, so the receiver can switch without a gap.
    ...(replaced
      ? {
          previousSecret: replaced.secret,
          previousSecretUntil: new Date(now.getTime() + PREVIOUS_SECRET_GRACE_MS).toISOString(),
        }
      : {}),
  };
  await deps.webhooks.putWebhook(registration);
  return registration;
}

export async function readWebhook(deps: WebhookDeps, principal: Principal): Promise<WebhookRegistration> {
  const { department, office } = officeOf(principal, deps.catalogue.places);
  const found = await deps.webhooks.getWebhook(department, office);
  if (!found) throw new NoWebhookError(department, office);
  return found;
}

export async function removeWebhook(
  deps: WebhookDeps,
  principal: Principal,
): Promise<{ department: string; office: string }> {
  const { department, office } = officeOf(principal, deps.catalogue.places);
  if (!(await deps.webhooks.deleteWebhook(department, office))) throw new NoWebhookError(department, office);
  return { department, office };
}

/** How long a department's registrations are reused before they are read again. */
export const WEBHOOK_CACHE_MS = 30_000;

/** The registrations as the senders and the delivery read them: per department, reused for `cacheMs`. */
export interface WebhookDirectory {
  /** The registration a message of this office (its path in the tree) goes to: the nearest registered office. */
  endpointFor(department: string, officePath: string | undefined): Promise<WebhookRegistration | undefined>;
  /** One office's registration, as the delivery needs it (same cache). */
  registration(department: string, office: string): Promise<WebhookRegistration | undefined>;
}

export function createWebhookDirectory(
  repository: Pick<WebhookRepository, "listWebhooks">,
  options: { clock?: () => Date; cacheMs?: number } = {},
): WebhookDirectory {
  const clock = options.clock ?? (() => new Date());
  const cacheMs = options.cacheMs ?? WEBHOOK_CACHE_MS;
  const cache = new Map<string, { at: number; byOffice: Promise<Map<string, WebhookRegistration>> }>();
  const ofDepartment = (department: string) => {
    const now = clock().getTime();
    const hit = cache.get(department);
    if (hit && now - hit.at < cacheMs) return hit.byOffice;
    const byOffice = repository
      .listWebhooks(department)
      .then((all) => new Map(all.map((r) => [r.office, r])));
    // A failed read is not kept: the next message reads again.
    byOffice.catch(() => cache.delete(department));
    cache.set(department, { at: now, byOffice });
    return byOffice;
  };
  return {
    async endpointFor(department, officePath) {
      const byOffice = await ofDepartment(department);
      if (byOffice.size === 0) return undefined;
      // The office's own registration, else the department-wide one (the tree's root: the department everywhere,
      // which may act for every office). Never an office above it: a county office must not take a town office's
      // tasks (their data and tokens) off the queue the town pulls from.
      const codes = (officePath ?? "").split("/").filter((c) => c !== "");
      const own = codes.at(-1);
      return (own ? byOffice.get(own) : undefined) ?? byOffice.get(PLATFORM_JURISDICTION);
    },
    async registration(department, office) {
      return (await ofDepartment(department)).get(office);
    },
  };
}

/** A department message as the webhooks queue carries it, routed by `registration`. */
export function toWebhookDelivery(
  message: DepartmentMessage,
  registration: Pick<WebhookRegistration, "office">,
): WebhookDeliveryMessage {
  return {
    type: "WebhookDelivery",
    caseId: message.caseId,
    department: message.department,
    office: registration.office,
    message,
  };
}

const isDepartmentMessage = (body: unknown): body is DepartmentMessage =>
  typeof body === "object" &&
  body !== null &&
  typeof (body as { type?: unknown }).type === "string" &&
  (body as { type: string }).type.startsWith("Task") &&
  typeof (body as { department?: unknown }).department === "string";

/**
 * The outbox sender with push: a department message of an office with a registered webhook (its own, or the
 * department-wide one) goes to the webhooks queue instead of the department queue, so it never
 * sits where a puller leases; everything else is sent as before. Registrations are read through `directory`
 * (cached), so a new one takes effect within its cache time.
 */
export function withWebhookRouting(send: SendOutbox, directory: WebhookDirectory): SendOutbox {
  return async (messages: readonly OutboxMessage[]) => {
    const routed: OutboxMessage[] = [];
    for (const m of messages) {
      const department = departmentOfQueue(m.queue);
      const body = m.body;
      const registration =
        department && isDepartmentMessage(body)
          ? await directory.endpointFor(department, body.office?.path)
          : undefined;
      routed.push(
        registration && isDepartmentMessage(body)
          ? {
              queue: WEBHOOKS_QUEUE,
              body: toWebhookDelivery(body, registration),
              ...(m.dedupId ? { dedupId: m.dedupId } : {}),
            }
          : m,
      );
    }
    if (routed.length > 0) await send(routed);
  };
}
