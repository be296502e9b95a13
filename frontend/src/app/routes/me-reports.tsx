import { MePage } from '@/app/layout/page-parts';
import { MyReports } from '@/features/records/components/my-reports';

export function Component() {
  return (
    <MePage
      title="在线验证报告"
      lead={
        <p>
          求职、升学时，生成一份带有效期的验证报告，把验证码或链接发给对方；对方在“在线验证”页面就能核实你的一条学籍或学历记录。你可以随时延期或撤销。
        </p>
      }
      testId="reports-page"
    >
      <MyReports />
    </MePage>
  );
}
