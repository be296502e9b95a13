import { Link } from 'react-router';

import { Page } from '@/components/ui/page';
import { StudentSearch } from '@/features/school/components/student-search';
import { useStaffSessionEnd } from '@/hooks/use-staff-session-end';
import { requireStaff } from '@/lib/staff/require-staff';

export const loader = requireStaff;

export function Component() {
  useStaffSessionEnd();
  return (
    <Page
      title="在校生"
      back={<Link to="/staff">← 工作台</Link>}
      lead={<p>查找本校学生的学籍：学生反映“查不到学籍”时，先在这里核对学校登记的姓名和身份证号。打开一条学籍可以申请更正、资格清查或注销重复学籍。</p>}
      testId="staff-students"
    >
      <StudentSearch />
    </Page>
  );
}
