import { Link } from 'react-router';

import { FormPage } from '@/components/ui/form-page';
import { RegistrationSteps } from '@/components/ui/registration-steps';
import { RegisterForm } from '@/features/accounts/components/register-form';
import { NOTICE_VERSION } from '@/features/privacy/lib/notice-version';

export function Component() {
  return (
    <FormPage
      progress={<RegistrationSteps current={1} />}
      title="注册学信网账号"
      lead={<p>用常用的电子邮箱注册。注册后我们会发一封激活邮件，激活后继续完成实名注册。</p>}
      aside={
        <p>
          已有账号？<Link to="/login">登录</Link> · <Link to="/privacy">个人信息保护说明</Link>
        </p>
      }
    >
      <RegisterForm consentVersion={NOTICE_VERSION} />
    </FormPage>
  );
}
