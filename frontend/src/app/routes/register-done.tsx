import { FormPage } from '@/components/ui/form-page';
import { RegistrationSteps } from '@/components/ui/registration-steps';
import { RegistrationDone } from '@/features/registration/components/registration-done';

export function Component() {
  return (
    <FormPage title="注册完成" progress={<RegistrationSteps current={6} />} testId="register-done">
      <RegistrationDone />
    </FormPage>
  );
}
