import { FormPage } from '@/components/ui/form-page';
import { ResetPasswordForm } from '@/features/accounts/components/reset-password-form';

export function Component() {
  return (
    <FormPage title="设置新密码" lead={<p>设置新密码后，所有设备上的登录都会退出，需要用新密码重新登录。</p>}>
      <ResetPasswordForm />
    </FormPage>
  );
}
