import { useMutation } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api } from "../api.ts";
import { isDocumentRef } from "../documents.ts";
import { localized } from "../i18n.ts";
import type { BundleOutput, ItemView } from "../types.ts";
import { ErrorMessage } from "./ErrorMessage.tsx";

/** A download button per document an item issued (a certificate PDF): a short-lived link, asked for on the click. */
export function DocumentLinks({
  caseId,
  item,
  outputs = [],
}: {
  caseId: string;
  item: ItemView;
  outputs?: BundleOutput[] | undefined;
}) {
  const documents = Object.entries(item.outputs ?? {}).filter(
    (entry): entry is [string, { documentId: string }] => isDocumentRef(entry[1]),
  );
  if (documents.length === 0) return null;
  return (
    <ul className="documents">
      {documents.map(([name, ref]) => (
        <li key={name}>
          <DownloadButton
            caseId={caseId}
            documentId={ref.documentId}
            name={name}
            decl={outputs.find((o) => o.name === name)}
          />
        </li>
      ))}
    </ul>
  );
}

function DownloadButton(props: {
  caseId: string;
  documentId: string;
  name: string;
  decl?: BundleOutput | undefined;
}) {
  const { t, i18n } = useTranslation();
  const download = useMutation({
    mutationFn: () => api.caseDocument(props.caseId, props.documentId),
    onSuccess: (link) => window.location.assign(link.url),
  });
  const label = props.decl ? localized(props.decl.label, i18n.language) : props.name;
  return (
    <>
      <button
        type="button"
        data-document={props.documentId}
        onClick={() => download.mutate()}
        disabled={download.isPending}
      >
        {download.isPending ? t("documents.downloading") : t("documents.download", { label })}
      </button>
      {download.error && <ErrorMessage error={download.error} />}
    </>
  );
}
