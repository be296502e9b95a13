import { Link } from 'react-router';

import { FormPage } from '@/components/ui/form-page';
import { ChangePasswordForm } from '@/features/accounts/components/change-password-form';

export function Component() {
  return (
    <FormPage
      title="修改密码"
      lead={<p>修改后，你在其他设备上的登录会退出，这台设备保持登录。</p>}
      aside={
        <p>
          <Link to="/me">返回个人中心</Link>
        </p>
      }
    >
      <ChangePasswordForm />
    </FormPage>
  );
}
