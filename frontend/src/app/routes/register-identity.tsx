import { FormPage } from '@/components/ui/form-page';
import { RegistrationNextStep } from '@/features/registration/components/registration-next-step';

export function Component() {
  return (
    <FormPage title="实名注册" testId="registration-next-step">
      <RegistrationNextStep />
    </FormPage>
  );
}
