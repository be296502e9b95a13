import { Link } from 'react-router';

import { FormPage } from '@/components/ui/form-page';
import { RecoverAccount } from '@/features/recovery/components/recover-account';

export function Component() {
  return (
    <FormPage
      title="找回账号"
      lead={<p>注册时用的邮箱或手机号不能用了，可以在这里证明是您本人，然后换一个新的。</p>}
      aside={
        <p>
          只是忘记了密码？<Link to="/forgot-password">找回密码</Link>
        </p>
      }
      testId="recover-page"
    >
      <RecoverAccount />
    </FormPage>
  );
}
