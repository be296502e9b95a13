import { Link, useLocation, useParams } from 'react-router';

import { Page } from '@/components/ui/page';
import { ImageRecordScreen } from '@/features/images/components/image-record-detail';
import { LinkedEnrollments } from '@/features/school/components/linked-enrollments';
import { useStaffSessionEnd } from '@/hooks/use-staff-session-end';
import { requireStaff } from '@/lib/staff/require-staff';
import { readBackTo } from '@/lib/staff-links';

export const loader = requireStaff;

export function Component() {
  useStaffSessionEnd();
  const { id = '' } = useParams();
  const location = useLocation();
  // From 图像校对 (with its filters) or from 照片校对申请.
  const backTo = readBackTo(location.state, '/staff/images');
  return (
    <Page
      title="采集照片"
      back={<Link to={backTo}>{backTo.startsWith('/staff/collation-requests') ? '← 照片校对申请' : '← 图像校对'}</Link>}
      testId="staff-image"
    >
      <ImageRecordScreen
        key={id}
        id={id}
        linked={(ids, here) => <LinkedEnrollments key={ids.join(' ')} ids={ids} backTo={here} />}
      />
    </Page>
  );
}
