import { Link, useParams } from 'react-router';

import { Page } from '@/components/ui/page';
import { ChangeRequestDetailScreen } from '@/features/corrections/components/change-request-detail';
import { useStaffSessionEnd } from '@/hooks/use-staff-session-end';
import { requireStaff } from '@/lib/staff/require-staff';

export const loader = requireStaff;

export function Component() {
  useStaffSessionEnd();
  const { id = '' } = useParams();
  return (
    <Page title="更正申请详情" back={<Link to="/staff/change-requests">← 更正申请</Link>} testId="staff-change-request">
      <ChangeRequestDetailScreen key={id} id={id} />
    </Page>
  );
}
