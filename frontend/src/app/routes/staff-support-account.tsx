import { Link, useLocation, useParams } from 'react-router';

import { Page } from '@/components/ui/page';
import { StaffRoleGate } from '@/components/staff-role-gate';
import { useStaffSessionEnd } from '@/hooks/use-staff-session-end';
import { requireStaff } from '@/lib/staff/require-staff';
import { SupportAccountDetails } from '@/features/support/components/support-account';
import { SUPPORT_FORBIDDEN } from '@/features/support/components/support-search';
import { backPath, hasRememberedSearch } from '@/features/support/lib/lookup';

export const loader = requireStaff;

export function Component() {
  useStaffSessionEnd();
  const { id = '' } = useParams();
  const { state } = useLocation();
  const back = backPath(state);
  // The search itself stays out of the URL; the tab remembers it.
  const toResults = back !== '/staff/support' || hasRememberedSearch();
  return (
    <Page
      title="学生账号"
      back={<Link to={back}>{toResults ? '← 返回查找结果' : '← 客服工作台'}</Link>}
      testId="staff-support-account"
    >
      <StaffRoleGate roles={['support']} message={SUPPORT_FORBIDDEN}>
        <SupportAccountDetails key={id} id={id} />
      </StaffRoleGate>
    </Page>
  );
}
