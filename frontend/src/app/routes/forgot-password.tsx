import { LoginAside } from '@/app/layout/page-parts';
import { FormPage } from '@/components/ui/form-page';
import { ForgotPasswordForm } from '@/features/accounts/components/forgot-password-form';

export function Component() {
  return (
    <FormPage
      title="找回密码"
      lead={<p>填写注册时用的电子邮箱，我们会发一封邮件，通过其中的链接可以设置新密码。</p>}
      aside={<LoginAside question="想起来了？" />}
    >
      <ForgotPasswordForm />
    </FormPage>
  );
}
