import { useRef, useState, type ReactNode } from 'react';

import type { UiError } from '@/api/client';
import { FormAlert } from '@/components/form/form-alert';
import { ProblemAlert } from '@/components/form/problem-alert';
import { useFocusOnShow } from '@/hooks/use-focus-on-show';

import { fileCollationRequest } from '../api/file-collation-request';
import type { CollationRequestBody } from '../api/types';
import { FILED_TEXT } from '../lib/vocab';
import { useCollationRequests } from './collation-requests';

/**
 * Filing a report from a dialog, for the button that was pressed (`key`): which one is sending,
 * which one was filed (then every button of the dialog stays unavailable), and the notice to show
 * on top — the school will check it in its 图像校对 module, or the server's message (a 409: a
 * report about the record is open already). A 422's field messages go to `showFieldErrors`.
 */
export function useFileReport() {
  const { add } = useCollationRequests();
  const [sending, setSending] = useState<string | null>(null);
  const [filed, setFiled] = useState<string | null>(null);
  const [error, setError] = useState<{ problem: UiError; other: ReactNode[]; focus: boolean } | null>(null);
  const noticeRef = useRef<HTMLDivElement>(null);
  // The notice takes the focus as it appears; a message next to a field has it already (`showFieldErrors`).
  useFocusOnShow(noticeRef, filed ?? (error?.focus ? error : null));

  async function file(key: string, body: CollationRequestBody, showFieldErrors?: (fields: Record<string, string>) => ReactNode[]) {
    if (sending !== null || filed !== null) return;
    setSending(key);
    setError(null);
    const outcome = await fileCollationRequest(body);
    setSending(null);
    if (outcome.ok) {
      add(outcome.data);
      setFiled(key);
      return;
    }
    const problem = outcome.error;
    const other = problem.status === 422 && showFieldErrors ? showFieldErrors(problem.fields) : [];
    setError({ problem, other, focus: problem.status !== 422 || !showFieldErrors || other.length > 0 });
  }

  const notice = filed ? (
    <FormAlert tone="success" ref={noticeRef} testId="photo-report-filed">
      <p>{FILED_TEXT}</p>
    </FormAlert>
  ) : error ? (
    <ProblemAlert ref={noticeRef} error={error.problem}>
      {error.other.map((message, i) => (
        <p key={i}>{message}</p>
      ))}
    </ProblemAlert>
  ) : null;

  return { file, sending, filed, notice };
}
