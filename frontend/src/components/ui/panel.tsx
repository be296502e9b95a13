import { useId, type ReactNode } from 'react';

import styles from './panel.module.css';

export interface PanelProps {
  /** The section's heading (an h2). */
  title?: string;
  children: ReactNode;
  testId?: string;
  className?: string;
}

/** A white card on the page, with an optional h2: one part of a `Page`. */
export function Panel({ title, children, testId, className }: PanelProps) {
  const titleId = useId();
  return (
    <section className={[styles.panel, className].filter(Boolean).join(' ')} aria-labelledby={title ? titleId : undefined} data-testid={testId}>
      {title && (
        <h2 id={titleId} className={styles.title}>
          {title}
        </h2>
      )}
      {children}
    </section>
  );
}
