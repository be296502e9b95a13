import { Link, useLocation, useParams } from 'react-router';

import { Page } from '@/components/ui/page';
import { StaffRoleGate } from '@/features/staff/components/staff-role-gate';
import { useStaffSessionEnd } from '@/features/staff/components/use-staff-session-end';
import { requireStaff } from '@/features/staff/lib/require-staff';
import { SupportAccountDetails } from '@/features/support/components/support-account';
import { SUPPORT_FORBIDDEN } from '@/features/support/components/support-search';
import { backPath } from '@/features/support/lib/lookup';

export const loader = requireStaff;

export function Component() {
  useStaffSessionEnd();
  const { id = '' } = useParams();
  const { state } = useLocation();
  const back = backPath(state);
  return (
    <Page
      title="学生账号"
      back={<Link to={back}>{back === '/staff/support' ? '← 客服工作台' : '← 返回查找结果'}</Link>}
      testId="staff-support-account"
    >
      <StaffRoleGate roles={['support']} message={SUPPORT_FORBIDDEN}>
        <SupportAccountDetails key={id} id={id} />
      </StaffRoleGate>
    </Page>
  );
}
