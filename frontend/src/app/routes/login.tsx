import { Link } from 'react-router';

import formStyles from '@/components/form/form.module.css';
import { FormPage } from '@/components/ui/form-page';
import { LoginForm } from '@/features/accounts/components/login-form';

export function Component() {
  return (
    <FormPage
      title="登录"
      lead={<p>用注册时填写的电子邮箱和密码登录学信网账号。</p>}
      aside={
        <ul className={formStyles.links}>
          <li>
            <Link to="/register">注册账号</Link>
          </li>
          <li>
            <Link to="/forgot-password">忘记密码</Link>
          </li>
        </ul>
      }
    >
      <LoginForm />
    </FormPage>
  );
}
