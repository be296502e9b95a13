import { Link } from 'react-router';

import { Page } from '@/components/ui/page';
import { MyEnrollments } from '@/features/records/components/my-enrollments';

export function Component() {
  return (
    <Page
      title="学籍信息"
      back={<Link to="/me">← 个人中心</Link>}
      lead={<p>学校为你登记的学籍（在读信息），按入学时间从新到旧排列。</p>}
      testId="enrollments-page"
    >
      <MyEnrollments />
    </Page>
  );
}
