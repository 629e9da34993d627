import { useTranslation } from "react-i18next";
import { useNames } from "../catalogue.ts";
import { dateTime } from "../format.ts";
import { usePlaces } from "../places.ts";
import type { CaseView } from "../types.ts";
import { CaseStatusBadge } from "./StatusBadge.tsx";

/** A case's bundle, status, place, receiving office and submission time; operators also see the bundle version, channel and last change. */
export function CaseFacts({ view, detailed = false }: { view: CaseView; detailed?: boolean }) {
  const { t, i18n } = useTranslation();
  const names = useNames();
  const places = usePlaces(undefined);
  return (
    <dl className="facts">
      <div>
        <dt>{t("common.bundle")}</dt>
        <dd>
          {names.bundle(view.bundleId)}
          {detailed && ` v${view.bundleVersion}`}
        </dd>
      </div>
      <div>
        <dt>{t("common.status")}</dt>
        <dd data-testid="case-status">
          <CaseStatusBadge status={view.status} />
        </dd>
      </div>
      {detailed && (
        <div>
          <dt>{t("ops.channel")}</dt>
          <dd data-testid="case-channel">{t(`offers.channel.${view.channel}`, view.channel)}</dd>
        </div>
      )}
      {view.place && (
        <div>
          <dt>{t("places.casePlace")}</dt>
          <dd data-testid="case-place">{places.fullName(view.place.code)}</dd>
        </div>
      )}
      {view.receivingOffice && (
        <div>
          <dt>{t("places.receiving")}</dt>
          <dd data-testid="case-receiving">{places.fullName(view.receivingOffice.jurisdiction)}</dd>
        </div>
      )}
      <div>
        <dt>{t("common.submittedAt")}</dt>
        <dd>{dateTime(view.submittedAt, i18n.language)}</dd>
      </div>
      {detailed && (
        <div>
          <dt>{t("common.updatedAt")}</dt>
          <dd>{dateTime(view.updatedAt, i18n.language)}</dd>
        </div>
      )}
    </dl>
  );
}
