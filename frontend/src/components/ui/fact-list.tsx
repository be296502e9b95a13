import type { ReactNode } from 'react';

import styles from './fact-list.module.css';

export interface Fact {
  label: string;
  value: ReactNode;
  /** `data-testid` of the value. */
  testId?: string;
  /** Spans the full width of a two-column list (long values). */
  wide?: boolean;
}

/** Labelled facts of a record: one column on a phone, two from tablet width. */
export function FactList({ facts, testId, className }: { facts: Fact[]; testId?: string; className?: string }) {
  return (
    <dl className={className ? `${styles.facts} ${className}` : styles.facts} data-testid={testId}>
      {facts.map((fact) => (
        <div key={fact.label} className={fact.wide ? styles.wide : undefined}>
          <dt>{fact.label}</dt>
          <dd data-testid={fact.testId}>{fact.value}</dd>
        </div>
      ))}
    </dl>
  );
}
