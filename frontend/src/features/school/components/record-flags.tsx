import { CorrectionPendingBadge, EnrollmentStatusBadge, QualificationPendingBadge } from '@/components/records/status-badges';

import type { StaffEnrollment } from '../api/types';
import styles from './school.module.css';

/** The flags of a record next to its status: 资格待查, 更正申请中. */
export function RecordFlags({ enrollment }: { enrollment: StaffEnrollment }) {
  return (
    <span className={styles.badges}>
      <EnrollmentStatusBadge status={enrollment.status} />
      {enrollment.qualification_pending && <QualificationPendingBadge />}
      {enrollment.correction_pending && <CorrectionPendingBadge />}
    </span>
  );
}
