import { useId } from 'react';
import { Link } from 'react-router';

import { buttonClass } from '@/components/ui/button';
import { EnrollmentPhoto } from '@/features/records/photos/components/enrollment-photo';

import type { Enrollment } from '@/api/record-types';
import { reportLink } from '../lib/links';
import { enrollmentStatusInfo } from '@/lib/record-vocab';
import { enrollmentFacts } from '@/components/records/record-facts';
import { FactList } from '@/components/ui/fact-list';
import { IdNumberToggle } from './id-number-toggle';
import styles from './records.module.css';
import {
  CORRECTION_PENDING_TEXT,
  CorrectionPendingBadge,
  EnrollmentStatusBadge,
  QUALIFICATION_PENDING_TEXT,
  QualificationPendingBadge,
} from '@/components/records/status-badges';

/**
 * One 学籍 record: school and province on top with the 学籍状态 badge (and 资格待查, 更正申请中
 * with their explanations), the record's photo to proofread (图像校对; above the facts on a phone,
 * beside them from tablet width), the facts, and 生成验证报告.
 */
export function EnrollmentCard({ enrollment }: { enrollment: Enrollment }) {
  const titleId = useId();
  const status = enrollmentStatusInfo(enrollment.status);
  return (
    <article className={styles.card} aria-labelledby={titleId} data-testid="enrollment-card" data-status={status.key}>
      <header className={styles.cardHeader}>
        <div className={styles.cardTitles}>
          <h2 id={titleId} className={styles.cardTitle}>
            {enrollment.school_name}
          </h2>
          <p className={styles.cardSubtitle}>
            {enrollment.province_name} · 院校代码 {enrollment.school_code}
          </p>
        </div>
        <div className={styles.badges}>
          <EnrollmentStatusBadge status={enrollment.status} />
          {enrollment.qualification_pending && <QualificationPendingBadge />}
          {enrollment.correction_pending && <CorrectionPendingBadge />}
        </div>
      </header>
      {enrollment.qualification_pending && (
        <p className={styles.pendingNote} data-testid="qualification-pending-note">
          <strong>资格待查：</strong>
          {QUALIFICATION_PENDING_TEXT}
        </p>
      )}
      {enrollment.correction_pending && (
        <p className={`${styles.pendingNote} ${styles.correctionNote}`} data-testid="correction-pending-note">
          <strong>更正申请中：</strong>
          {CORRECTION_PENDING_TEXT}
        </p>
      )}
      <div className={styles.cardBody}>
        <div className={styles.photoSlot}>
          <EnrollmentPhoto record={enrollment} />
        </div>
        <FactList className={styles.cardFacts} facts={enrollmentFacts(enrollment, <IdNumberToggle idNumber={enrollment.id_number} />)} />
      </div>
      <footer className={styles.cardFooter}>
        <Link to={reportLink('enrollment', enrollment.id)} className={buttonClass('secondary')}>
          生成验证报告<span className="visually-hidden">（{enrollment.school_name} 学籍）</span>
        </Link>
      </footer>
    </article>
  );
}
