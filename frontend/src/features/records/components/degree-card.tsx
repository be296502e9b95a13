import { useId } from 'react';
import { Link } from 'react-router';

import { buttonClass } from '@/components/ui/button';

import type { Degree } from '@/api/record-types';
import { formatDate } from '@/lib/format';
import { reportLink } from '../lib/links';
import { FactList } from '@/components/ui/fact-list';
import { IdNumberToggle } from './id-number-toggle';
import { degreeFacts } from '@/components/records/record-facts';
import styles from './records.module.css';

/** One 学历 record (graduation certificate), with 生成验证报告. */
export function DegreeCard({ degree }: { degree: Degree }) {
  const titleId = useId();
  return (
    <article className={styles.card} aria-labelledby={titleId} data-testid="degree-card">
      <header className={styles.cardHeader}>
        <div className={styles.cardTitles}>
          <h2 id={titleId} className={styles.cardTitle}>
            {degree.school_name}
          </h2>
          <p className={styles.cardSubtitle}>
            {degree.level} · {formatDate(degree.graduation_date)}毕业
          </p>
        </div>
      </header>
      <div className={styles.cardBody}>
        <FactList className={styles.cardFacts} facts={degreeFacts(degree, <IdNumberToggle idNumber={degree.id_number} />)} />
      </div>
      <footer className={styles.cardFooter}>
        <Link to={reportLink('degree', degree.id)} className={buttonClass('secondary')}>
          生成验证报告<span className="visually-hidden">（{degree.school_name} 学历）</span>
        </Link>
      </footer>
    </article>
  );
}
