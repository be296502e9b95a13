import { LoginAside } from '@/app/layout/page-parts';
import { FormPage } from '@/components/ui/form-page';
import { RegistrationSteps } from '@/components/ui/registration-steps';
import { CheckEmail } from '@/features/accounts/components/check-email';

export function Component() {
  return (
    <FormPage
      progress={<RegistrationSteps current={2} />}
      title="请查收激活邮件"
      testId="check-email"
      aside={<LoginAside question="已经激活？" />}
    >
      <CheckEmail />
    </FormPage>
  );
}
