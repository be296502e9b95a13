import { MePage } from '@/app/layout/page-parts';
import { MyDegrees } from '@/features/records/components/my-degrees';

export function Component() {
  return (
    <MePage
      title="学历信息"
      lead={<p>学校在你毕业后登记的学历（毕业证书）信息。</p>}
      testId="degrees-page"
    >
      <MyDegrees />
    </MePage>
  );
}
