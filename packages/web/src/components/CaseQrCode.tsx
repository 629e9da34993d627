import QRCode from "qrcode";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

/** The citizen's tracking page of a case: the address the QR code carries (this site's own origin). */
export const trackingUrl = (caseId: string, origin = window.location.origin): string =>
  `${origin}/my/cases/${encodeURIComponent(caseId)}`;

/**
 * 码上办: a QR code of the case's tracking page, to follow the case on a phone (which signs in and lands on it).
 * Drawn in the browser (`qrcode`), as an image whose text alternative says what it is; the address is beside it.
 */
export function CaseQrCode({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const url = trackingUrl(caseId);
  const [image, setImage] = useState<string | undefined>();
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let current = true;
    QRCode.toDataURL(url, { errorCorrectionLevel: "M", margin: 2, width: 176 })
      .then((data) => current && setImage(data))
      .catch(() => current && setFailed(true));
    return () => {
      current = false;
    };
  }, [url]);
  return (
    <aside className="qr" aria-labelledby="qr-title">
      <h2 id="qr-title">{t("pages.qr.title")}</h2>
      <p className="muted">{t("pages.qr.hint")}</p>
      {image && <img src={image} width={176} height={176} alt={t("pages.qr.alt")} data-testid="case-qr" />}
      {failed && <p role="alert">{t("pages.qr.failed")}</p>}
      <p className="qr-url">
        <a href={url}>{url}</a>
      </p>
    </aside>
  );
}
