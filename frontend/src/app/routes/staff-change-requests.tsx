import { Link } from 'react-router';

import { Page } from '@/components/ui/page';
import { ChangeRequestList } from '@/features/corrections/components/change-request-list';
import { useStaffSessionEnd } from '@/hooks/use-staff-session-end';
import { requireStaff } from '@/lib/staff/require-staff';
import { useStaff } from '@/lib/staff/staff-session';

export const loader = requireStaff;

export function Component() {
  useStaffSessionEnd();
  const reviewer = useStaff()?.role === 'provincial_reviewer';
  return (
    <Page
      title="更正申请"
      back={<Link to="/staff">← 工作台</Link>}
      lead={
        <p>
          {reviewer
            ? '本省院校提交的学籍更正申请。待审核的按提交先后排列，先提交的在前；打开一份核对更正内容，然后通过或驳回。'
            : '本校提交的学籍更正申请和审核结果，最新的在前。申请在省级教育部门审核通过后才生效。'}
        </p>
      }
      testId="staff-change-requests"
    >
      <ChangeRequestList />
    </Page>
  );
}
