import { Link } from 'react-router';

import { FormPage } from '@/components/ui/form-page';
import { RegistrationSteps } from '@/components/ui/registration-steps';
import { CheckEmail } from '@/features/accounts/components/check-email';

export function Component() {
  return (
    <FormPage
      progress={<RegistrationSteps current={2} />}
      title="请查收激活邮件"
      testId="check-email"
      aside={
        <p>
          已经激活？<Link to="/login">登录</Link>
        </p>
      }
    >
      <CheckEmail />
    </FormPage>
  );
}
