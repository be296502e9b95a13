import type { ReactNode, Ref } from 'react';

import type { SubmitError } from '@/hooks/use-submit';

import { ProblemAlert } from './problem-alert';

/** A failed submit (`useSubmit`) on top of its form: the server's `detail` and the messages no input shows. */
export function SubmitAlert({
  error,
  ref,
  message,
  children,
}: {
  error: SubmitError | null;
  ref?: Ref<HTMLDivElement>;
  message?: ReactNode;
  /** Added below (a way on). */
  children?: ReactNode;
}) {
  if (!error) return null;
  return (
    <ProblemAlert ref={ref} error={error.problem} message={message}>
      {error.other.map((text, i) => (
        <p key={i}>{text}</p>
      ))}
      {children}
    </ProblemAlert>
  );
}
