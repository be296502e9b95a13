import { useState } from 'react';
import { Link } from 'react-router';

import type { UiError } from '@/api/problem';
import { FormAlert } from '@/components/form/form-alert';
import formStyles from '@/components/form/form.module.css';
import { Button } from '@/components/ui/button';
import { LoadError, Loading } from '@/components/ui/load-states';
import { useApiQuery } from '@/hooks/use-api-query';
import { enrollmentPath } from '@/lib/staff-links';

import { getEnrollment } from '../api/get-enrollment';
import type { StaffEnrollment } from '../api/types';
import styles from './linked-enrollments.module.css';
import { RecordFlags } from './record-flags';
import { RevokeEnrollmentForm } from './revoke-enrollment-form';

type Notice = { tone: 'success' | 'warning'; text: string };

/**
 * One enrollment the photo links to: who, where, its status and a link to it; a school admin can
 * revoke it here as a duplicate (the revocation form of 在校生, with its confirmation).
 */
function LinkedEnrollment({ id, backTo }: { id: string; backTo: string }) {
  const { result, retry, update } = useApiQuery((signal) => getEnrollment(id, signal), id);
  const [revoking, setRevoking] = useState(false);
  const [notice, setNotice] = useState<Notice | null>(null);

  if (result.state === 'loading') return <Loading>正在读取学籍…</Loading>;
  if (result.state === 'error') return <LoadError error={result.error} onRetry={retry} />;
  const enrollment = result.data;
  const revoked = enrollment.status === '注销';

  return (
    <article className={styles.enrollment} data-testid="linked-enrollment" aria-label={`${enrollment.name}的学籍（学号 ${enrollment.student_no}）`}>
      <div className={styles.enrollmentHeader}>
        <div>
          <Link to={enrollmentPath(enrollment.id)} state={{ backTo }} className={styles.nameLink}>
            {enrollment.name}（学号 {enrollment.student_no}）
          </Link>
          <p className={formStyles.muted}>
            {enrollment.school_name} · {enrollment.level} · {enrollment.study_form} · {enrollment.major} · 入学 {enrollment.entry_date}
          </p>
        </div>
        <RecordFlags enrollment={enrollment} />
      </div>
      {notice && (
        <FormAlert tone={notice.tone} testId="enrollment-notice">
          <p>{notice.text}</p>
        </FormAlert>
      )}
      {!revoked && !revoking && (
        <div className={formStyles.actions}>
          <Button variant="danger" onClick={() => setRevoking(true)}>
            注销重复学籍
          </Button>
        </div>
      )}
      {revoking && (
        <div className={styles.revoke}>
          <RevokeEnrollmentForm
            enrollment={enrollment}
            onCancel={() => setRevoking(false)}
            onConflict={(error: UiError) => {
              setRevoking(false);
              setNotice({ tone: 'warning', text: error.message });
              retry();
            }}
            onRevoked={(next: StaffEnrollment) => {
              setRevoking(false);
              setNotice({ tone: 'success', text: '学籍已注销。' });
              update(() => next);
            }}
          />
        </div>
      )}
    </article>
  );
}

/** 关联学籍: the enrollments the photo links to (school name, name and ID number all equal). */
export function LinkedEnrollments({ ids, backTo }: { ids: readonly string[]; backTo: string }) {
  if (ids.length === 0) {
    return (
      <p className={formStyles.muted} data-testid="not-linked">
        这张照片没有关联到任何学籍：没有学籍的学校名称、姓名和身份证号与之完全一致。核对后可以在下面“更正采集信息”。
      </p>
    );
  }
  return (
    <div className={styles.stack}>
      {ids.length > 1 && (
        <p className={formStyles.muted}>
          这张照片关联到 {ids.length} 条学籍，多见于同一学生在本校有重复学籍（成人教育、网络教育）：核对后可以注销多出来的一条。
        </p>
      )}
      {ids.map((id) => (
        <LinkedEnrollment key={id} id={id} backTo={backTo} />
      ))}
    </div>
  );
}
