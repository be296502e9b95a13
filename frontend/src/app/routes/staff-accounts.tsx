import { Link } from 'react-router';

import { Page } from '@/components/ui/page';
import { StaffAccounts } from '@/features/staff/components/staff-accounts';
import { STAFF_ACCOUNTS_FORBIDDEN } from '@/features/staff/components/staff-accounts-create';
import { StaffRoleGate } from '@/components/staff-role-gate';
import { useStaffSessionEnd } from '@/hooks/use-staff-session-end';
import { requireStaff } from '@/lib/staff/require-staff';

export const loader = requireStaff;

export function Component() {
  useStaffSessionEnd();
  return (
    <Page
      title="工作人员账号"
      back={<Link to="/staff">← 工作台</Link>}
      lead={<p>每个工作人员一个账号、一个角色：院校管理员只管本校，省级审核员只审本省。停用的账号立即退出登录。</p>}
      testId="staff-accounts-page"
    >
      <StaffRoleGate roles={['platform_admin']} message={STAFF_ACCOUNTS_FORBIDDEN}>
        <StaffAccounts />
      </StaffRoleGate>
    </Page>
  );
}
