/**
 * Notices to the applicant (issue 16): a row per (case or offer, notice event), written with the commit that causes
 * it, delivered later on each channel (`@onething/notices`). The record a commit writes: the addressee's identity
 * instead of its hash (the store holds the key), like `NewOffer`.
 */
import type { NotificationKind } from "@onething/domain";

export type NoticeKindName = NotificationKind | "offer_made";

export interface NewNotice {
  /** Derived from what caused it (case, event, command), so a repeat writes nothing new. */
  noticeId: string;
  kind: NoticeKindName;
  /** The ID number or USCC of the addressee (hashed by the store; never stored as such). */
  addressee: string;
  caseId?: string;
  offerId?: string;
  bundleId: string;
  /** The jurisdiction code it counts at (the case's place, else `unplaced`). */
  place: string;
  params: {
    bundle?: { zh: string; en: string };
    item?: { zh: string; en: string };
    caseId?: string;
    detail?: string;
    dueAt?: string;
    status?: string;
  };
  createdAt: string;
  /** The applicant's mobile number from the application (SMS); absent: no SMS channel. */
  phone?: string;
}
