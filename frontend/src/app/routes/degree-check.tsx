import { Page } from '@/components/ui/page';
import { DegreeCheck } from '@/features/records/components/degree-check';

export function Component() {
  return (
    <Page
      title="学历查询"
      lead={<p>输入毕业证书上的证书编号和持证人姓名，查询该学历证书是否真实有效。无需登录，用人单位和学校均可使用。</p>}
      testId="degree-check-page"
    >
      <DegreeCheck />
    </Page>
  );
}
