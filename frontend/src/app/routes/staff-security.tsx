import { Link } from 'react-router';

import { Page } from '@/components/ui/page';
import { AccountSecurity } from '@/features/staff/components/account-security';
import { useStaffSessionEnd } from '@/hooks/use-staff-session-end';
import { requireStaff } from '@/lib/staff/require-staff';

export const loader = requireStaff;

/** 账号安全 of the logged-in staff member (also the forced setup of a new account). */
export function Component() {
  useStaffSessionEnd();
  return (
    <Page title="账号安全" back={<Link to="/staff">← 工作台</Link>} testId="staff-security-page">
      <AccountSecurity />
    </Page>
  );
}
