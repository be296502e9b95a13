import type { ReactNode, Ref } from 'react';

import { waitMessage, type UiError } from '@/api/client';

import { FormAlert } from './form-alert';

export interface ProblemAlertProps {
  error: UiError;
  /** Replaces the server's `detail` (e.g. a shorter sentence for a known `code`). */
  message?: ReactNode;
  /** Messages for fields the form does not show, and anything else to add below. */
  children?: ReactNode;
  ref?: Ref<HTMLDivElement>;
}

/** The server's `detail` on top of a form, with the wait of a 429 (`Retry-After`, in minutes). */
export function ProblemAlert({ error, message, children, ref }: ProblemAlertProps) {
  return (
    <FormAlert tone="error" ref={ref} testId="form-error">
      <p>{message ?? error.message}</p>
      {error.retryAfterSeconds !== undefined && <p data-testid="retry-after">{waitMessage(error.retryAfterSeconds)}</p>}
      {children}
    </FormAlert>
  );
}
