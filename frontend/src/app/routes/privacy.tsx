import { Page } from '@/components/ui/page';
import { PrivacyNotice } from '@/features/privacy/components/privacy-notice';

export function Component() {
  return (
    <Page
      title="个人信息保护说明"
      lead={<p>学信网收集哪些个人信息、为什么、保存多久、谁能看到，以及你怎样查阅、更正、删除自己的信息。</p>}
      testId="privacy-page"
    >
      <PrivacyNotice />
    </Page>
  );
}
