import { type ChangeEvent, type ReactNode, useState } from "react";
import { handleSubmit } from "../form/submit.ts";

/**
 * A consequential action behind a disclosure that asks why first (withdrawing a case, revealing personal data): the
 * reason (at most 500 characters, at least `minLength`), then a button in the danger colour.
 * @example <ReasonForm className="withdraw" summary={…} label={…} confirm={…} pending={…} onConfirm={(r) => …} />
 */
export function ReasonForm(props: {
  className: string;
  summary: string;
  label: string;
  confirm: string;
  pending: boolean;
  onConfirm: (reason: string) => void;
  /** A text area (several lines) rather than one line. */
  multiline?: boolean;
  minLength?: number;
  /** Shown above the button: the refusal, a confirmation. */
  children?: ReactNode;
}) {
  const [reason, setReason] = useState("");
  const control = {
    required: true,
    minLength: props.minLength,
    maxLength: 500,
    value: reason,
    onChange: (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => setReason(e.target.value),
  };
  return (
    <details className={props.className}>
      <summary>{props.summary}</summary>
      <form onSubmit={handleSubmit(() => props.onConfirm(reason))}>
        {props.multiline ? (
          <label>
            {props.label}
            <textarea {...control} />
          </label>
        ) : (
          <label>
            {props.label}
            <input {...control} />
          </label>
        )}
        {props.children}
        <button
          type="submit"
          className="danger"
          disabled={props.pending || reason.trim().length < (props.minLength ?? 1)}
        >
          {props.confirm}
        </button>
      </form>
    </details>
  );
}
