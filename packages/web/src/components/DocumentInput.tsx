import { useMutation } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { uploadSupplementFile } from "../documents.ts";
import { ErrorMessage } from "./ErrorMessage.tsx";

const EXTENSIONS: Record<string, string> = {
  "application/pdf": "PDF",
  "image/jpeg": "JPEG",
  "image/png": "PNG",
};

/**
 * A file input for a requested document: the file is uploaded and checked as soon as it is chosen, and the form
 * answers with its document id (`onUploaded`).
 */
export function DocumentInput(props: {
  caseId: string;
  itemId: string;
  field: string;
  label: string;
  accept: readonly string[];
  describedBy?: string | undefined;
  invalid?: boolean;
  onUploaded: (documentId: string | undefined) => void;
}) {
  const { t } = useTranslation();
  const upload = useMutation({
    mutationFn: (file: File) => uploadSupplementFile(props.caseId, props.itemId, props.field, file),
    onSuccess: (documentId) => props.onUploaded(documentId),
    onError: () => props.onUploaded(undefined),
  });
  const inputId = `document-${props.itemId}-${props.field}`;
  const types = props.accept.map((a) => EXTENSIONS[a] ?? a).join(" / ");
  return (
    <div className="document-input">
      <label htmlFor={inputId}>
        {props.label} <small>{t("documents.choose", { types })}</small>
      </label>
      <input
        id={inputId}
        type="file"
        accept={props.accept.join(",")}
        required
        aria-invalid={props.invalid ? true : undefined}
        aria-describedby={props.describedBy}
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) upload.mutate(file);
        }}
      />
      {upload.isPending && <p role="status">{t("documents.uploading")}</p>}
      {upload.isSuccess && upload.variables && (
        <p role="status" data-uploaded={upload.data}>
          {t("documents.uploaded", { name: upload.variables.name })}
        </p>
      )}
      {upload.error && <ErrorMessage error={upload.error} />}
    </div>
  );
}
