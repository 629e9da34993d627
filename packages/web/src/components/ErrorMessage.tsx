import { useTranslation } from "react-i18next";
import { describeApiError, describeIssues, issuesOf } from "../errors.ts";

/**
 * A failed request in the reader's language: the refusal's sentence (optionally framed, e.g. "登录失败：…") and,
 * when the API named fields, each field's issue by its label on the page (`label`) or else its path.
 */
export function ErrorMessage({
  error,
  label,
  frame = (message) => message,
  inline = false,
  shownElsewhere = () => false,
}: {
  error: unknown;
  label?: (path: string) => string | undefined;
  /** Issues the page already shows beside their inputs: not listed again. */
  shownElsewhere?: (path: string) => boolean;
  frame?: (message: string) => string;
  /** Inside a line (a table cell): one sentence, the issues after it. */
  inline?: boolean;
}) {
  const { t } = useTranslation();
  const headline = frame(describeApiError(t, error));
  const lines = describeIssues(
    t,
    issuesOf(error).filter((i) => !shownElsewhere(i.path)),
    label,
  );
  if (inline)
    return (
      <span role="alert" className="error">
        {[headline, ...lines.map((l) => l.text)].join(" ")}
      </span>
    );
  return (
    <div role="alert" className="error">
      <p>{headline}</p>
      <IssueList lines={lines} />
    </div>
  );
}

/** Issue lines ("field: what is wrong") as a list; nothing when there are none. */
export function IssueList({ lines }: { lines: readonly { path: string; text: string }[] }) {
  if (lines.length === 0) return null;
  return (
    <ul>
      {lines.map((l) => (
        <li key={l.path}>{l.text}</li>
      ))}
    </ul>
  );
}
