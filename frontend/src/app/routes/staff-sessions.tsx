import { Link } from 'react-router';

import { Page } from '@/components/ui/page';
import { StaffSessions } from '@/features/staff/components/staff-sessions';
import { useStaffSessionEnd } from '@/hooks/use-staff-session-end';
import { requireStaff } from '@/lib/staff/require-staff';

export const loader = requireStaff;

export function Component() {
  useStaffSessionEnd();
  return (
    <Page
      title="登录设备"
      back={<Link to="/staff">← 工作台</Link>}
      lead={<p>这里列出你的工作人员账号正在哪些设备上登录，可以让其他设备退出登录。</p>}
      testId="staff-sessions-page"
    >
      <StaffSessions />
    </Page>
  );
}
