import { type Claims, claimsFor } from "@onething/auth";
import { applicantIdentity, type CaseLogger } from "@onething/cases";
import { type CaseState, type Catalogue, PLATFORM_JURISDICTION } from "@onething/domain";
import type { CaseStore } from "@onething/store";
import { simulatedPdf, uploadSimulated } from "./simulated-documents.ts";
import { abortableDelay, type PostAs, type SimulationCounters } from "./simulated-io.ts";
import { planApplicantDelay, type SimulationSettings } from "./simulation.ts";

/**
 * Claims under which a simulated applicant acts on its own case: the citizen whose ID number (or organisation
 * code) the application names, or the clerk who filed it at the counter (by the filer's own subject, which is how
 * the platform recognises the filing clerk).
 */
export function applicantClaims(state: CaseState, catalogue: Catalogue): Claims {
  // The receiving office's clerk (any clerk of it may follow up the filing); a case older than places, the filer.
  if (state.filedBy.role === "clerk")
    return {
      role: "clerk",
      sub: state.filedBy.id,
      office: state.receivingOffice?.jurisdiction ?? PLATFORM_JURISDICTION,
    };
  const bundle = catalogue.bundle(state.bundleId, state.bundleVersion);
  const identity = applicantIdentity(bundle, state.application);
  if (bundle.applicantKind === "person")
    return claimsFor({ role: "citizen", idNumber: identity }, "simulator");
  const idNumber = state.application.applicant.idNumber;
  return claimsFor(
    {
      role: "citizen",
      idNumber: typeof idNumber === "string" && idNumber !== "" ? idNumber : "simulated",
      uscc: identity,
    },
    "simulator",
  );
}

/**
 * What a simulated applicant answers to a supplement request: a requested document by the reference of its upload
 * (`uploaded`), a form field by its current value, anything else by a placeholder text.
 */
export function applicantAnswers(
  state: CaseState,
  itemId: string,
  requested: readonly { field: string; kind?: string | undefined }[],
  uploaded: Readonly<Record<string, string>> = {},
): Record<string, string | number | boolean | { documentId: string }> {
  const answers: Record<string, string | number | boolean | { documentId: string }> = {};
  for (const { field, kind } of requested) {
    const documentId = uploaded[field];
    if (kind === "document" && documentId) {
      answers[field] = { documentId };
      continue;
    }
    const [section, name] = field.split(".");
    const sectionValues = section
      ? (state.application as unknown as Record<string, unknown>)[section]
      : undefined;
    const current =
      name && typeof sectionValues === "object" && sectionValues !== null
        ? (sectionValues as Record<string, unknown>)[name]
        : undefined;
    answers[field] =
      typeof current === "string" || typeof current === "number" || typeof current === "boolean"
        ? current
        : `upload://simulated/${state.caseId}/${itemId}/${field}`;
  }
  return answers;
}

export interface SimulatedApplicantsDeps {
  readonly catalogue: Catalogue;
  readonly store: Pick<CaseStore, "listCases" | "getCase">;
  readonly settings: SimulationSettings;
  readonly log: CaseLogger;
  /** Departments simulated here: only their supplement requests are answered (the others wait for a person). */
  readonly simulated: ReadonlySet<string>;
  /** How often cases awaiting their applicant are looked for; default 500 ms. */
  readonly scanMs?: number | undefined;
  readonly post: PostAs;
  readonly counters: SimulationCounters;
  readonly signal: AbortSignal;
}

export interface SimulatedApplicants {
  /** Scans until the signal aborts; resolves then. */
  run(): Promise<void>;
  /** Replies scheduled and not yet settled (awaited on stop). */
  pending(): Promise<unknown>[];
}

/**
 * Simulated applicants: supplement requests of simulated departments are answered on
 * `POST /v1/cases/{id}/supplements` under the applicant's identity, after a seeded delay, so cases finish.
 */
export function createSimulatedApplicants(deps: SimulatedApplicantsDeps): SimulatedApplicants {
  const { counters } = deps;
  const replies = new Set<string>();
  const pendingReplies = new Set<Promise<void>>();

  const settle = async (
    response: Response,
    { caseId, itemId, attempt }: { caseId: string; itemId: string; attempt: number },
    key: string,
  ) => {
    const text = await response.text();
    if (response.status === 202) {
      counters.supplementsProvided++;
      deps.log.info("simulated applicant supplied", { caseId, itemId, attempt });
    } else if (response.status === 409) {
      deps.log.info("simulated supplement refused as stale", { caseId, itemId, detail: text.slice(0, 200) });
    } else if (response.status >= 500) {
      replies.delete(key);
    } else {
      counters.errors++;
      deps.log.error("simulated supplement refused", {
        caseId,
        itemId,
        status: response.status,
        detail: text.slice(0, 500),
      });
    }
  };

  const reply = async (caseId: string, itemId: string, attempt: number, key: string): Promise<void> => {
    try {
      await abortableDelay(planApplicantDelay(deps.settings, { caseId, itemId, attempt }), deps.signal);
      const stored = await deps.store.getCase(caseId);
      const itemState = stored?.state.items[itemId];
      if (!stored || itemState?.status !== "awaiting_supplement" || itemState.attempt !== attempt) return;
      const claims = applicantClaims(stored.state, deps.catalogue);
      const requested = itemState.requested ?? [];
      const uploaded: Record<string, string> = {};
      for (const r of requested.filter((q) => q.kind === "document")) {
        const pdf = simulatedPdf(`${r.field} for case ${caseId} (simulated applicant)`);
        const path = `/v1/cases/${encodeURIComponent(caseId)}/documents`;
        const declared = { itemId, field: r.field, fileName: `${r.field}.pdf` };
        uploaded[r.field] = await uploadSimulated(deps.post, claims, path, declared, pdf);
      }
      const response = await deps.post(`/v1/cases/${encodeURIComponent(caseId)}/supplements`, claims, {
        itemId,
        answers: applicantAnswers(stored.state, itemId, requested, uploaded),
      });
      await settle(response, { caseId, itemId, attempt }, key);
    } catch (error) {
      replies.delete(key);
      if (!deps.signal.aborted) {
        deps.log.warn("simulated supplement not delivered; retrying", {
          caseId,
          itemId,
          error: (error as Error).message,
        });
      }
    }
  };

  /** One scan of the cases awaiting their applicant; schedules a reply for each new request of a simulated department. */
  const scan = async (): Promise<void> => {
    let cursor: string | undefined;
    do {
      const page = await deps.store.listCases({
        status: "awaiting_applicant",
        limit: 100,
        ...(cursor ? { cursor } : {}),
      });
      cursor = page.cursor;
      for (const summary of page.items) {
        const stored = await deps.store.getCase(summary.caseId);
        for (const item of Object.values(stored?.state.items ?? {})) {
          if (item.status !== "awaiting_supplement" || !deps.simulated.has(item.department)) continue;
          const key = `${summary.caseId}:${item.itemId}:${item.attempt}`;
          if (replies.has(key)) continue;
          replies.add(key);
          const pending: Promise<void> = reply(summary.caseId, item.itemId, item.attempt, key).finally(() =>
            pendingReplies.delete(pending),
          );
          pendingReplies.add(pending);
        }
      }
    } while (cursor && !deps.signal.aborted);
  };

  return {
    async run() {
      while (!deps.signal.aborted) {
        try {
          await scan();
        } catch (error) {
          if (!deps.signal.aborted)
            deps.log.warn("applicant scan failed", { error: (error as Error).message });
        }
        await abortableDelay(deps.scanMs ?? 500, deps.signal).catch(() => undefined);
      }
    },
    pending: () => [...pendingReplies],
  };
}
