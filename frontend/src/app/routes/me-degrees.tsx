import { Link } from 'react-router';

import { Page } from '@/components/ui/page';
import { MyDegrees } from '@/features/records/components/my-degrees';

export function Component() {
  return (
    <Page
      title="学历信息"
      back={<Link to="/me">← 个人中心</Link>}
      lead={<p>学校在你毕业后登记的学历（毕业证书）信息。</p>}
      testId="degrees-page"
    >
      <MyDegrees />
    </Page>
  );
}
