import { Page } from '@/components/ui/page';
import { VerifyReport } from '@/features/records/components/verify-report';

export function Component() {
  return (
    <Page
      title="在线验证"
      lead={<p>输入学生提供的在线验证报告验证码，查看该报告所证明的学籍或学历信息。无需登录。</p>}
      testId="verify-page"
    >
      <VerifyReport />
    </Page>
  );
}
