import { useId, type ReactNode } from 'react';

import { DocumentTitle } from '@/components/document-title';

import styles from './form-page.module.css';

export interface FormPageProps {
  title: string;
  /** A sentence or two under the title: what this page is for. */
  lead?: ReactNode;
  children: ReactNode;
  /** Below the card: links to related pages. */
  aside?: ReactNode;
  /** Above the title: where this page is in a sequence (e.g. `RegistrationSteps`). */
  progress?: ReactNode;
  testId?: string;
}

/** A page around one task (a form or a message): title, explanation, a card, related links. */
export function FormPage({ title, lead, children, aside, progress, testId }: FormPageProps) {
  const titleId = useId();
  return (
    <section className={styles.page} aria-labelledby={titleId} data-testid={testId}>
      <DocumentTitle title={title} />
      {progress}
      <h1 id={titleId} className={styles.title}>
        {title}
      </h1>
      {lead && <div className={styles.lead}>{lead}</div>}
      <div className={styles.card}>{children}</div>
      {aside && <div className={styles.aside}>{aside}</div>}
    </section>
  );
}
