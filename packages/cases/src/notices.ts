import { createHash } from "node:crypto";
import { type Bundle, type CaseState, type Command, itemName } from "@onething/domain";
import type { NewNotice } from "./notice-ports.ts";

/** The place a case's notices count at (送达率 per place): its place's code. */
export const noticePlaceOf = (state: CaseState): string => state.place?.code ?? "unplaced";

const noticeId = (...parts: string[]) =>
  `ntc_${createHash("sha256").update(parts.join("\u0000")).digest("base64url").slice(0, 24)}`;

/** The applicant's mobile number: the applicant section's `phone`-typed field, if the application has one. */
export function applicantPhone(bundle: Bundle, application: CaseState["application"]): string | undefined {
  const field = bundle.form.fields.find((f) => f.section === "applicant" && f.type === "phone");
  const value = field ? application.applicant[field.name] : undefined;
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

/** When the case's open items are due at the latest (a received case's "by when"). */
const lastDue = (state: CaseState): string | undefined =>
  Object.values(state.items)
    .map((i) => i.dueAt)
    .filter((d): d is string => typeof d === "string")
    .sort()
    .at(-1);

/**
 * The notices of one applied event: one per `NotifyApplicant` command, addressed to the applicant (their phone from
 * the application), with what its template needs. The id derives from the case, the event and the command, so the
 * commit (once per event) writes each once.
 */
export function noticesOfCommands(
  commands: readonly Command[],
  bundle: Bundle,
  state: CaseState,
  addressee: string,
  eventId: string,
  now: Date,
): NewNotice[] {
  const phone = applicantPhone(bundle, state.application);
  return commands.flatMap((c, index): NewNotice[] => {
    if (c.type !== "NotifyApplicant" || !addressee) return [];
    const item = c.itemId ? state.items[c.itemId] : undefined;
    const dueAt = c.kind === "case_received" ? lastDue(state) : item?.dueAt;
    return [
      {
        noticeId: noticeId(c.caseId, eventId, c.kind, c.itemId ?? "", String(index)),
        kind: c.kind,
        addressee,
        caseId: c.caseId,
        bundleId: bundle.id,
        place: noticePlaceOf(state),
        params: {
          bundle: bundle.name,
          ...(c.itemId ? { item: itemName(bundle, c.itemId) ?? { zh: c.itemId, en: c.itemId } } : {}),
          caseId: c.caseId,
          ...(c.detail ? { detail: c.detail } : {}),
          ...(dueAt ? { dueAt } : {}),
          ...(c.status ? { status: c.status } : {}),
        },
        createdAt: now.toISOString(),
        ...(phone ? { phone } : {}),
      },
    ];
  });
}

/** The notice of an offer (免申即享): to its addressee, by its expiry; its id derives from the offer's. */
export function offerNotice(
  offer: {
    offerId: string;
    bundleId: string;
    addressee: string;
    place: string;
    madeAt: string;
    expiresAt: string;
  },
  bundleName: { zh: string; en: string } | undefined,
  phone: string | undefined,
): NewNotice {
  return {
    noticeId: noticeId("offer", offer.offerId),
    kind: "offer_made",
    addressee: offer.addressee,
    offerId: offer.offerId,
    bundleId: offer.bundleId,
    place: offer.place,
    params: { ...(bundleName ? { bundle: bundleName } : {}), dueAt: offer.expiresAt },
    createdAt: offer.madeAt,
    ...(phone ? { phone } : {}),
  };
}
