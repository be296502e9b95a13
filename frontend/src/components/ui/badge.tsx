import type { ReactNode } from 'react';

import styles from './badge.module.css';

/** Colours of badges; each has a text colour of ≥ 4.5:1 on its tint. */
export type BadgeTone = 'ok' | 'warn' | 'danger' | 'info' | 'violet' | 'neutral';

export interface BadgeProps {
  tone: BadgeTone;
  children: ReactNode;
  /** Dashed outline instead of a filled tint: a flag next to a status (e.g. 资格待查). */
  outline?: boolean;
  /** Read before the text by screen readers, e.g. "学籍状态：". */
  srPrefix?: string;
  testId?: string;
}

/** A short status word in a coloured pill (the colour repeats the text, it never replaces it). */
export function Badge({ tone, children, outline = false, srPrefix, testId }: BadgeProps) {
  return (
    <span className={[styles.badge, styles[tone], outline && styles.outline].filter(Boolean).join(' ')} data-tone={tone} data-testid={testId}>
      {srPrefix && <span className="visually-hidden">{srPrefix}</span>}
      {children}
    </span>
  );
}
