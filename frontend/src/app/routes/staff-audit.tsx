import { Link } from 'react-router';

import { Page } from '@/components/ui/page';
import { AUDIT_FORBIDDEN, AuditLog } from '@/features/audit/components/audit-log';
import { StaffRoleGate } from '@/components/staff-role-gate';
import { useStaffSessionEnd } from '@/hooks/use-staff-session-end';
import { requireStaff } from '@/lib/staff/require-staff';

export const loader = requireStaff;

export function Component() {
  useStaffSessionEnd();
  return (
    <Page
      title="审计日志"
      back={<Link to="/staff">← 工作台</Link>}
      lead={
        <>
          <p>工作人员、客服和学生的每一次更改：谁、何时、改了什么、为什么。</p>
          <p data-testid="audit-chain-note">
            日志只能追加、不能修改：每条记录都含有前一条的哈希，连成哈希链，可用命令 <code>xuexin audit verify</code> 校验。
          </p>
        </>
      }
      testId="staff-audit"
    >
      <StaffRoleGate roles={['platform_admin']} message={AUDIT_FORBIDDEN}>
        <AuditLog />
      </StaffRoleGate>
    </Page>
  );
}
