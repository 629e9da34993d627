import type { Claims, DevIssuer } from "@onething/auth";

const REQUEST_TIMEOUT_MS = 15_000;

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts (a stopping simulation). */
export function abortableDelay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/** Posts a JSON body to the local API under a dev-issuer token for these claims, as any API client would. */
export type PostAs = (path: string, claims: Claims, body: unknown) => Promise<Response>;

/** A `PostAs` on the public API at `apiUrl`, aborted with the simulation (and after 15 s). */
export function createPoster(options: {
  readonly apiUrl: string;
  readonly issuer: DevIssuer;
  readonly fetch: typeof fetch;
  readonly signal: AbortSignal;
}): PostAs {
  return async (path, claims, body) => {
    const token = await options.issuer.sign(claims, 3600);
    return options.fetch(`${options.apiUrl}${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(body),
      signal: AbortSignal.any([options.signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]),
    });
  };
}

/** What the simulated departments and applicants have done so far (the platform's stats show them). */
export interface SimulationCounters {
  readonly answers: { completed: number; rejected: number; needs_supplement: number };
  /** Answers the platform refused as stale or finished (409): a re-sent task answered twice, a closed case. */
  refused: number;
  /** Messages acknowledged without an answer: cancellations, escalations, unreadable messages. */
  acknowledged: number;
  supplementsProvided: number;
  errors: number;
}
