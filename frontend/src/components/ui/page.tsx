import { useId, type ReactNode } from 'react';

import { DocumentTitle } from '@/components/document-title';

import styles from './page.module.css';

export interface PageProps {
  title: string;
  /** A sentence or two under the title: what this page is for. */
  lead?: ReactNode;
  /** Above the title, e.g. a link back to 个人中心. */
  back?: ReactNode;
  children: ReactNode;
  testId?: string;
}

/** A page of content (lists, cards), wider than a `FormPage`: title, explanation, sections. */
export function Page({ title, lead, back, children, testId }: PageProps) {
  const titleId = useId();
  return (
    <section className={styles.page} aria-labelledby={titleId} data-testid={testId}>
      <DocumentTitle title={title} />
      {back && <div className={styles.back}>{back}</div>}
      <h1 id={titleId} className={styles.title}>
        {title}
      </h1>
      {lead && <div className={styles.lead}>{lead}</div>}
      <div className={styles.body}>{children}</div>
    </section>
  );
}
