import { Link } from 'react-router';

import { Loading, LoadError } from '@/components/ui/load-states';
import { CollationRequestsProvider } from '@/features/records/photos/components/collation-requests';
import { PhotoCollation } from '@/features/records/photos/components/photo-collation';
import { useApiQuery } from '@/hooks/use-api-query';

import { listMyEnrollments } from '../api/list-enrollments';
import { EnrollmentCard } from './enrollment-card';
import { NoRecordsHelp } from './no-records-help';
import styles from './records.module.css';

/**
 * 学籍信息: a card per enrollment record (each with its photo to proofread), then 图像校对 with
 * the student's photo reports; or what to do when there is no record.
 */
export function MyEnrollments() {
  const { result, retry } = useApiQuery(listMyEnrollments);
  if (result.state === 'loading') return <Loading>正在读取学籍信息…</Loading>;
  if (result.state === 'error') return <LoadError error={result.error} onRetry={retry} />;
  const { items } = result.data;
  if (items.length === 0) return <NoRecordsHelp kind="enrollment" />;
  return (
    <CollationRequestsProvider>
      <p className={styles.count} data-testid="records-count">
        共 {items.length} 条学籍记录。信息有误请联系学校更正；要向他人证明学籍，可以
        <Link to="/me/reports">生成在线验证报告</Link>。
      </p>
      <div className={styles.cards}>
        {items.map((enrollment) => (
          <EnrollmentCard key={enrollment.id} enrollment={enrollment} />
        ))}
      </div>
      <PhotoCollation schools={Object.fromEntries(items.map((enrollment) => [enrollment.id, enrollment.school_name]))} />
    </CollationRequestsProvider>
  );
}
