import { MePage } from '@/app/layout/page-parts';
import { MyEnrollments } from '@/features/records/components/my-enrollments';

export function Component() {
  return (
    <MePage
      title="学籍信息"
      lead={<p>学校为你登记的学籍（在读信息），按入学时间从新到旧排列。</p>}
      testId="enrollments-page"
    >
      <MyEnrollments />
    </MePage>
  );
}
