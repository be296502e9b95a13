import { Link } from 'react-router';

import { Page } from '@/components/ui/page';
import { MyReports } from '@/features/records/components/my-reports';

export function Component() {
  return (
    <Page
      title="在线验证报告"
      back={<Link to="/me">← 个人中心</Link>}
      lead={
        <p>
          求职、升学时，生成一份带有效期的验证报告，把验证码或链接发给对方；对方在“在线验证”页面就能核实你的一条学籍或学历记录。你可以随时延期或撤销。
        </p>
      }
      testId="reports-page"
    >
      <MyReports />
    </Page>
  );
}
