import { Link, useLocation, useParams } from 'react-router';

import { Page } from '@/components/ui/page';
import { ChangeRequestHistory } from '@/features/corrections/components/change-request-history';
import { EnrollmentDetailScreen } from '@/features/school/components/enrollment-detail';
import { useStaffSessionEnd } from '@/hooks/use-staff-session-end';
import { requireStaff } from '@/lib/staff/require-staff';
import { useStaff } from '@/lib/staff/staff-session';
import { readBackTo } from '@/lib/staff-links';

export const loader = requireStaff;

function backLabel(path: string): string {
  if (path.startsWith('/staff/students')) return '← 在校生';
  if (path.startsWith('/staff/change-requests/')) return '← 更正申请详情';
  if (path.startsWith('/staff/change-requests')) return '← 更正申请';
  return '← 返回';
}

export function Component() {
  useStaffSessionEnd();
  const { id = '' } = useParams();
  const location = useLocation();
  const staff = useStaff();
  // A school admin came from 在校生 (with its filters), a reviewer from 更正申请.
  const fallback = staff?.role === 'provincial_reviewer' ? '/staff/change-requests' : '/staff/students';
  const backTo = readBackTo(location.state, fallback);
  return (
    <Page
      title="学籍详情"
      back={<Link to={backTo}>{backLabel(backTo)}</Link>}
      testId="staff-enrollment"
    >
      <EnrollmentDetailScreen
        key={id}
        id={id}
        history={(enrollment, revision) => <ChangeRequestHistory key={`${enrollment.id} ${revision}`} enrollmentId={enrollment.id} />}
      />
    </Page>
  );
}
