import { Link } from 'react-router';

import { Page } from '@/components/ui/page';
import { StaffRoleGate } from '@/components/staff-role-gate';
import { useStaffSessionEnd } from '@/hooks/use-staff-session-end';
import { requireStaff } from '@/lib/staff/require-staff';
import { SUPPORT_FORBIDDEN, SupportSearch } from '@/features/support/components/support-search';

export const loader = requireStaff;

export function Component() {
  useStaffSessionEnd();
  return (
    <Page
      title="客服工作台"
      back={<Link to="/staff">← 工作台</Link>}
      lead={<p>按邮箱、手机号或身份证号找到学生的账号，查看它的状态，更正姓名和身份证号、解除锁定或重发激活邮件。</p>}
      testId="staff-support"
    >
      <StaffRoleGate roles={['support']} message={SUPPORT_FORBIDDEN}>
        <SupportSearch />
      </StaffRoleGate>
    </Page>
  );
}
