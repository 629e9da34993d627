import type { FormEvent } from "react";

/**
 * A form's `onSubmit`: the page handles the submission itself (no navigation), then `action` runs.
 * @example <form onSubmit={handleSubmit(() => send.mutate())}>
 */
export const handleSubmit =
  (action: () => void) =>
  (event: FormEvent): void => {
    event.preventDefault();
    action();
  };
