import { FormPage } from '@/components/ui/form-page';
import { ConsentForm } from '@/features/privacy/components/consent-form';

export function Component() {
  return (
    <FormPage title="个人信息保护说明已更新" lead={<p>请阅读更新的内容，同意后继续使用学信网。</p>} testId="consent-page">
      <ConsentForm />
    </FormPage>
  );
}
