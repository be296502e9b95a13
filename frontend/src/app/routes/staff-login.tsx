import { FormPage } from '@/components/ui/form-page';
import { StaffLoginForm } from '@/features/staff/components/staff-login-form';

export function Component() {
  return (
    <FormPage title="工作人员登录" lead={<p>学信网工作人员用工作账号登录。学生请使用页面顶部的“登录”。</p>}>
      <StaffLoginForm />
    </FormPage>
  );
}
