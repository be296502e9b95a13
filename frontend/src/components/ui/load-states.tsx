import type { ReactNode } from 'react';

import type { UiError } from '@/api/client';
import formStyles from '@/components/form/form.module.css';
import { ProblemAlert } from '@/components/form/problem-alert';

import { Button } from './button';

/** "正在读取…" while data loads (announced politely). */
export function Loading({ children }: { children: ReactNode }) {
  return (
    <p role="status" className={formStyles.muted} data-testid="loading">
      {children}
    </p>
  );
}

/** A load that failed: the reason (with the wait of a 429) and 重试. */
export function LoadError({ error, onRetry, children }: { error: UiError; onRetry: () => void; children?: ReactNode }) {
  return (
    <div className={formStyles.form} data-testid="load-error">
      <ProblemAlert error={error}>{children}</ProblemAlert>
      <div className={formStyles.actions}>
        <Button variant="secondary" onClick={onRetry}>
          重试
        </Button>
      </div>
    </div>
  );
}
